/** @fyno-kit/lambda: the browser-facing notify route, the delivery-report receiver, the in-app session route and the preferences route as AWS Lambda handlers (Function URLs, HTTP APIs). */
export { notifyHandler, type LambdaNotifyContext } from './notify-handler';
export { deliveryReportsHandler } from './delivery-reports';
export { inappSessionHandler } from './inapp-session';
export { preferencesHandler } from './preferences';
export { eventToRequest, responseToResult } from './to-request';
export type { LambdaHttpEvent, LambdaHttpResult } from './event';
export type {
  EventRule,
  InappSessionHandlerOptions,
  NotifyErrorBody,
  NotifyErrorCode,
  NotifyEventData,
  NotifyEventName,
  NotifyHandlerPolicy,
  NotifySuccessBody,
  PreferencesHandlerPolicy,
  PreferencesView,
} from '@fyno-kit/core/server';
export type { DeliveryReport, DeliveryReportOptions, DeliveryStatus } from '@fyno-kit/core/webhooks';
