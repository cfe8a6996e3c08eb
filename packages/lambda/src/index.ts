/** @fyno-kit/lambda: the browser-facing notify route, the delivery-report receiver and the in-app session route as AWS Lambda handlers (Function URLs, HTTP APIs). */
export { notifyHandler, type LambdaNotifyContext } from './notify-handler';
export { deliveryReportsHandler } from './delivery-reports';
export { inappSessionHandler } from './inapp-session';
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
} from '@fyno-kit/core/server';
export type { DeliveryReport, DeliveryReportOptions, DeliveryStatus } from '@fyno-kit/core/webhooks';
