/** The page's session and inbox routes (under the `api` global prefix), the same JSON as the Express demo's. */
import { BadRequestException, Body, Controller, Delete, Get, Header, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { type DemoMode, findUser, inboxView, sessionCookie, sessionView } from '@fyno-kit/demo-shared/server';
import { SignedInGuard, type RequestWithUser } from './demo-user';
import { emulator, inapp, usesFyno } from './emulator';

const mode: DemoMode = usesFyno ? 'fyno' : 'emulator';

/** Sets the session cookie on Express's `res` or Fastify's `reply` (Fastify sends the headers set on its raw response). */
function setSession(res: unknown, userId: string | null): void {
  const node = ((res as { raw?: unknown }).raw ?? res) as { setHeader(name: string, value: string): void };
  node.setHeader('Set-Cookie', sessionCookie(userId));
}

@Controller()
export class SessionController {
  @Get('session')
  session(@Req() req: RequestWithUser) {
    return sessionView(req.user, mode, inapp !== undefined);
  }

  @Post('session')
  @HttpCode(200)
  signIn(@Body() body: { userId?: unknown } | undefined, @Res({ passthrough: true }) res: unknown) {
    const user = findUser(typeof body?.userId === 'string' ? body.userId : undefined);
    if (!user) throw new BadRequestException({ error: { code: 'unknown_user', message: 'Pick one of the demo users' } });
    setSession(res, user.id);
    return { user: { id: user.id, name: user.name } };
  }

  @Delete('session')
  @HttpCode(204)
  signOut(@Res({ passthrough: true }) res: unknown) {
    setSession(res, null);
  }

  @Get('inbox')
  @UseGuards(SignedInGuard)
  @Header('Cache-Control', 'no-store')
  inbox(@Req() req: RequestWithUser) {
    return inboxView(emulator, req.user!, mode);
  }
}
