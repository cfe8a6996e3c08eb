/**
 * Signing in, the Passport way: a strategy reads the demo session cookie, and `SessionGuard` (the
 * app's global guard) runs it before every route, the notify route included, leaving the user on
 * `req.user` as Passport's JWT guard would. `SignedInGuard` protects the routes that need one.
 */
import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-custom';
import { type DemoUser, sessionUser } from '@fyno-kit/demo-shared/server';

/** Express `Request` or `FastifyRequest`: both carry the headers and get `user` from the guard. */
export interface RequestWithUser {
  headers: Record<string, string | string[] | undefined>;
  user?: DemoUser;
}

/** The session cookie's demo user; `null` fails the strategy (the caller is signed out). */
@Injectable()
export class SessionStrategy extends PassportStrategy(Strategy, 'demo-session') {
  validate(req: RequestWithUser): DemoUser | null {
    return sessionUser(req) ?? null;
  }
}

/**
 * The global guard. Signed-out callers go on without a user (the page and the sign-in route are
 * public); routes decide what that means: the notify route answers 401, the inbox `SignedInGuard`'s 401.
 */
@Injectable()
export class SessionGuard extends AuthGuard('demo-session') {
  override handleRequest<TUser = DemoUser>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    return (user || undefined) as TUser;
  }
}

@Injectable()
export class SignedInGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.switchToHttp().getRequest<RequestWithUser>().user) return true;
    throw new UnauthorizedException({ error: { code: 'unauthorized', message: 'Sign in to see your inbox' } });
  }
}
