/** @fyno-kit/express: `req.fyno` and the browser-facing notify route for Express 4 and 5. */
export { fyno } from './middleware';
export type { FynoMiddleware } from './middleware';
export { notifyRoute, type NotifyRouteHandlers } from './notify-route';
export { inappSession } from './inapp-session';
export { preferences, type PreferencesHandlers } from './preferences';
export { deliveryReports, keepRawBody, RAW_BODY_FIX } from './delivery-reports';
export type {
  DeliveryReport,
  DeliveryReportOptions,
  DeliveryStatus,
} from '@fyno-kit/core/webhooks';
/** On SIGTERM/SIGINT: `server.close()`, drain the client's send-later queues, then exit. */
export { drainOnSignals, type DrainOnSignalsOptions } from '@fyno-kit/core';
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
