/** @fyno-kit/koa: the browser-facing notify route, the delivery-report receiver the in-app session route and the preferences route for Koa 2 and 3. */
export { deliveryReports } from './delivery-reports';
export { inappSession } from './inapp-session';
export { notifyRoute } from './notify-route';
export { preferences } from './preferences';
export type {
  EventRule,
  InappSessionOptions,
  NotifyErrorBody,
  NotifyErrorCode,
  NotifyEventData,
  NotifyEventName,
  NotifyPolicy,
  NotifySuccessBody,
  PreferencesPolicy,
  PreferencesView,
} from '@fyno-kit/core/server';
export type { DeliveryReport, DeliveryReportOptions } from '@fyno-kit/core/webhooks';
