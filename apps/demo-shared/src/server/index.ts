/** The demos' server side, framework-free: Express, Nest and Next.js each mount it their own way. */
export { policy, type DemoPolicy } from './policy';
export { DEMO_USERS, findUser, type DemoUser } from './users';
export { SESSION_COOKIE, sessionCookie, sessionUser, type DemoRequest } from './session';
export { DEMO_EVENTS, inboxView, sessionView, type DemoMode, type InboxView, type SessionView } from './views';
export { DeliveryBook, DEMO_WEBHOOK_SECRET, type DeliveryStage } from './delivery';
export { demoInapp, type DemoInapp } from './inapp';
