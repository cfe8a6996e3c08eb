/** @fyno-kit/fastify: `app.fyno` / `request.fyno` and the browser-facing notify route for Fastify 5. */
export { fyno, type FynoPluginOptions } from './plugin';
export { notifyRoute } from './notify-route';
export { inappSession } from './inapp-session';
export { preferences } from './preferences';
export { deliveryReports } from './delivery-reports';
/** The types an app names for these routes (policies, answers, error codes, delivery reports), kept in core once. */
export type * from '@fyno-kit/core/app-types';
