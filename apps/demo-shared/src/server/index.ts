/** The demos' server side, framework-free: Express, Nest and Next.js each mount it their own way. */
export { policy, type DemoPolicy } from './policy';
export { preferencesPolicy } from './preferences-policy';
export { DEMO_USERS, findUser, type DemoUser } from './users';
export { SESSION_COOKIE, readCookie, sessionCookie, sessionUser, type DemoRequest } from './session';
export { CODE_COOKIE, CODE_EVENT, CodeSignIn, type CodeSignInAnswer } from './code-sign-in';
export {
  DEMO_EVENTS,
  EMULATOR_EVENTS,
  VERIFY_EVENTS,
  inboxView,
  sessionView,
  type DemoFeatures,
  type DemoMode,
  type InboxView,
  type SessionView,
} from './views';
export { DeliveryBook, DEMO_WEBHOOK_SECRET, type DeliveryStage } from './delivery';
export { demoInapp, type DemoInapp } from './inapp';
