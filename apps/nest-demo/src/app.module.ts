/** The Nest demo: FynoModule configured through ConfigService, with the notify route the page calls. */
import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { FynoModule } from '@fyno-kit/nest';
import { policy } from '@fyno-kit/demo/server';
import type { RequestWithUser } from './demo-user';
import { emulator } from './emulator';
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

@Module({
  imports: [
    ConfigModule.forRoot({ load: [fynoConfig], isGlobal: true }),
    FynoModule.forRootAsync({
      isGlobal: true,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        ...config.getOrThrow('fyno'),
        notifyRoute: {
          ...policy,
          // req.user comes from the session middleware (main.ts), as Passport would set it.
          identify: (req: RequestWithUser) => req.user?.id ?? null,
        },
      }),
    }),
  ],
  controllers: [SessionController],
})
export class AppModule {}
