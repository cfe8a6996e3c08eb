/** @fyno-kit/koa: the browser-facing notify route, the delivery-report receiver the in-app session route and the preferences route for Koa 2 and 3. */
export { deliveryReports } from './delivery-reports';
export { inappSession } from './inapp-session';
export { notifyRoute } from './notify-route';
export { preferences } from './preferences';
/** The types an app names for these routes (policies, answers, error codes, delivery reports), kept in core once. */
export type * from '@fyno-kit/core/app-types';
