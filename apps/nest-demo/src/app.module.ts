/**
 * The Nest demo: a global Passport guard signs callers in, FynoModule is configured through
 * ConfigService, and its notify route (a controller behind that guard) serves the page.
 */
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { PassportModule } from '@nestjs/passport';
import { createInappSessionController, FynoModule, type FynoNotifyRouteOptions } from '@fyno-kit/nest';
import { policy } from '@fyno-kit/demo-shared/server';
import { SessionGuard, SessionStrategy, type RequestWithUser } from './demo-user';
import { emulator, inapp } from './emulator';
import { SessionController } from './session.controller';

/** Where the client sends: Fyno from the environment, or the emulator mounted on this server. */
const fynoConfig = () => ({
  fyno: emulator
    ? {
        workspaceId: emulator.workspaceId,
        apiKey: emulator.apiKey,
        baseUrl: `http://127.0.0.1:${process.env.PORT ?? 3000}/emulator/v1`,
      }
    : { workspaceId: process.env.FYNO_WSID, apiKey: process.env.FYNO_API_KEY, version: process.env.FYNO_VERSION, baseUrl: process.env.FYNO_BASE_URL },
});

// The shared demo policy reads the session cookie from any request (Express's or Fastify's);
// here the user comes from the app's own guard instead.
const notifyRoute: FynoNotifyRouteOptions = {
  ...policy,
  // req.user was set by the global SessionGuard, which runs before this route like before any other.
  identify: (req: RequestWithUser) => req.user?.id ?? null,
};

// The in-app session route, a controller behind the same global guard: /api/fyno/inapp-session,
// signed with the FynoModule's client. Not mounted when the demo has no in-app inbox.
const inappSessionController = inapp
  ? [createInappSessionController<RequestWithUser>({ ...inapp, identify: (req) => req.user?.id ?? null, path: 'fyno/inapp-session' })]
  : [];

@Module({
  imports: [
    ConfigModule.forRoot({ load: [fynoConfig], isGlobal: true }),
    PassportModule,
    FynoModule.forRootAsync({
      isGlobal: true,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({ client: config.getOrThrow('fyno'), notifyRoute }),
      // A controller path under the `api` global prefix: /api/fyno/notify, useNotify()'s default.
      notifyRoute: { path: 'fyno/notify' },
    }),
  ],
  controllers: [SessionController, ...inappSessionController],
  providers: [SessionStrategy, { provide: APP_GUARD, useClass: SessionGuard }],
})
export class AppModule {}
