/**
 * Signing in, the demo way: app-level middleware puts the cookie's demo user on `req.user` (as a
 * Passport session would), and `SignedInGuard` protects the routes that need one.
 */
import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { findUser, readCookie, SESSION_COOKIE, type DemoUser } from '@fyno-kit/demo/server';

export type RequestWithUser = Request & { user?: DemoUser };

export function demoSession(req: RequestWithUser, _res: Response, next: NextFunction): void {
  req.user = findUser(readCookie(req, SESSION_COOKIE));
  next();
}

@Injectable()
export class SignedInGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.switchToHttp().getRequest<RequestWithUser>().user) return true;
    throw new UnauthorizedException({ error: { code: 'unauthorized', message: 'Sign in to see your inbox' } });
  }
}
