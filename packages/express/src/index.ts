/** @fyno-kit/express: `req.fyno` and the browser-facing notify route for Express 4 and 5. */
export { fyno } from './middleware';
export type { FynoMiddleware } from './middleware';
export { notifyRoute, type NotifyRouteHandlers } from './notify-route';
export { inappSession } from './inapp-session';
export { preferences, type PreferencesHandlers } from './preferences';
export { deliveryReports, keepRawBody, RAW_BODY_FIX } from './delivery-reports';
/** On SIGTERM/SIGINT: `server.close()`, drain the client's send-later queues, then exit. */
export { drainOnSignals, type DrainOnSignalsOptions } from '@fyno-kit/core';
/** The types an app names for these routes (policies, answers, error codes, delivery reports), kept in core once. */
export type * from '@fyno-kit/core/app-types';
