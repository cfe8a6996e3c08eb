/** @fyno-kit/lambda: the browser-facing notify route as an AWS Lambda handler (Function URLs, HTTP APIs). */
export { notifyHandler, type LambdaNotifyContext } from './notify-handler';
export { deliveryReportsHandler } from './delivery-reports';
export { eventToRequest, responseToResult } from './to-request';
export type { LambdaHttpEvent, LambdaHttpResult } from './event';
export type {
  EventRule,
  NotifyErrorBody,
  NotifyErrorCode,
  NotifyEventData,
  NotifyEventName,
  NotifyHandlerPolicy,
  NotifySuccessBody,
} from '@fyno-kit/core/server';
export type { DeliveryReport, DeliveryReportOptions, DeliveryStatus } from '@fyno-kit/core/webhooks';
