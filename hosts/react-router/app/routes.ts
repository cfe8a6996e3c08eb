import { type RouteConfig, route } from '@react-router/dev/routes';

export default [
  // The routes as an app mounts them: one resource route each, behind the app's session middleware.
  route('api/fyno/notify', 'routes/notify.ts'),
  route('api/fyno/inapp-session', 'routes/inapp-session.ts'),
  route('api/fyno/preferences', 'routes/preferences.ts'),
  route('fyno/reports', 'routes/reports.ts'),
  route('login', 'routes/login.ts'),
  route('__app/reports', 'routes/app-reports.ts'),
  // The shared suite's control routes and its per-mount notify, preferences and in-app session routes (tooling/test-support/hosts/suite-app.js).
  route('*', 'routes/suite.ts'),
] satisfies RouteConfig;
