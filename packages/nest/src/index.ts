/** Public API of `@fyno-kit/nest`. */
export { FynoModule } from './fyno-module';
export type {
  FynoModuleAsyncOptions,
  FynoModuleExtras,
  FynoModuleOptions,
  FynoNotifyRouteDeclaration,
  FynoNotifyRouteOptions,
  FynoOptionsFactory,
  FynoPlatformRequest,
} from './fyno-options';
export { FynoRoutes } from './fyno-routes';
export { InjectFyno } from './inject-fyno';
export { InjectFynoQueue, type FynoEnqueuer } from './fyno-queue';
export { DEFAULT_NOTIFY_PATH, DEFAULT_SHUTDOWN_TIMEOUT_MS, FYNO_CLIENT, FYNO_MODULE_OPTIONS, FYNO_QUEUE } from './tokens';
export { FynoNotifyRefusal } from './notify-refusal';
export {
  createInappSessionController,
  DEFAULT_INAPP_SESSION_PATH,
  type FynoInappSessionOptions,
  type InappSessionControllerInstance,
} from './inapp-session-controller';
export {
  createPreferencesController,
  DEFAULT_PREFERENCES_PATH,
  type FynoPreferencesOptions,
  type PreferencesControllerInstance,
} from './preferences-controller';
export type { InappSession, PreferencesView } from '@fyno-kit/core/server';
