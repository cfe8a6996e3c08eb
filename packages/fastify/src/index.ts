/** @fyno-kit/fastify: `app.fyno` / `request.fyno` and the browser-facing notify route for Fastify 5. */
export { fyno, type FynoPluginOptions } from './plugin';
export { notifyRoute } from './notify-route';
export { inappSession } from './inapp-session';
export { preferences } from './preferences';
export { deliveryReports } from './delivery-reports';
export type { DeliveryReport, DeliveryReportOptions, DeliveryStatus } from '@fyno-kit/core/webhooks';
export type {
  InappSession,
  InappSessionOptions,
  EventRule,
  NotifyErrorBody,
  NotifyErrorCode,
  NotifyEventData,
  NotifyEventName,
  NotifyPolicy,
  NotifySuccessBody,
  PreferencesPolicy,
  PreferencesView,
} from '@fyno-kit/core/server';
