import { Module } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { FynoModule } from '@fyno-kit/nest';

@Module({
  imports: [
    // 5 notifications a minute per client. For one count across instances, add a Redis `storage`.
    ThrottlerModule.forRoot([{ ttl: 60_000, limit: 5 }]),
    FynoModule.forRoot({
      notifyRoute: {
        identify: (req: { user?: { id: string } }) => req.user?.id ?? null,
        events: { order_shipped: {} },
        guards: [ThrottlerGuard], // this route only, after the app's global guards
        rateLimit: false, // the route's own per-user limit, off: ThrottlerGuard limits instead
      },
    }),
  ],
})
export class AppModule {}
