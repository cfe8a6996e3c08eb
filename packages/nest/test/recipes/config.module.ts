import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { FynoModule } from '@fyno-kit/nest';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    FynoModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        workspaceId: config.getOrThrow<string>('FYNO_WSID'),
        apiKey: config.getOrThrow<string>('FYNO_API_KEY'),
        baseUrl: config.get<string>('FYNO_BASE_URL'),
        notifyRoute: {
          identify: (req: { user?: { id: string } }) => req.user?.id ?? null,
          events: { order_shipped: {} },
          path: config.get<string>('FYNO_NOTIFY_PATH'), // undefined: the default
        },
      }),
      isGlobal: true,
    }),
  ],
})
export class AppModule {}
