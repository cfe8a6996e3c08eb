import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { FynoModule } from '@fyno-kit/nest';

@Module({
  imports: [
    FynoModule.forRootAsync({
      imports: [ConfigModule],
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({ client: { workspaceId: config.get('FYNO_WSID'), apiKey: config.get('FYNO_API_KEY') } }),
      isGlobal: true,
    }),
  ],
})
export class AppModule {}
