import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { FynoModule } from '@fyno-kit/nest';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }), // loads .env into process.env now, before the line below
    FynoModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        client: {
          workspaceId: config.getOrThrow<string>('FYNO_WSID'),
          apiKey: config.getOrThrow<string>('FYNO_API_KEY'),
          baseUrl: config.get<string>('FYNO_BASE_URL'),
        },
        notifyRoute: {
          identify: (req: { user?: { id: string } }) => req.user?.id ?? null,
          events: { order_shipped: {} },
        },
      }),
      // The controller is made with the module, before the factory runs: its path (and guards) go here.
      notifyRoute: { path: process.env.FYNO_NOTIFY_PATH }, // undefined: the default
      isGlobal: true,
    }),
  ],
})
export class AppModule {}
