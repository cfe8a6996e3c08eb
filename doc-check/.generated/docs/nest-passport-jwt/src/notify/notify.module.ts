import { Injectable, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard, PassportModule, PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { FynoModule } from '@fyno-kit/nest';

interface User {
  id: string;
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor() {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: process.env.JWT_SECRET! });
  }

  validate(payload: { sub: string }): User {
    return { id: payload.sub }; // Passport puts this on req.user
  }
}

@Module({
  imports: [
    PassportModule,
    FynoModule.forRoot({
      notifyRoute: {
        // The global guard below ran first: req.user is the token's user.
        identify: (req: { user?: User }) => req.user?.id ?? null,
        events: { order_shipped: {}, password_reset: {} },
      },
    }),
  ],
  providers: [JwtStrategy, { provide: APP_GUARD, useClass: AuthGuard('jwt') }],
})
export class NotifyModule {}
