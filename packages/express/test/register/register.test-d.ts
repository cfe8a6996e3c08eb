/**
 * Events declared once, in `Register`, type every server-side client of the app: `new Fyno()` and
 * Express's `req.fyno`, with no `<MyEvents>` anywhere. Checked in a program of its own
 * (test/register/tsconfig.json): the augmentation would otherwise reach every other test.
 */
import { Fyno, type FireResponse } from '@fyno-kit/core';
import { fyno as fynoMiddleware } from '@fyno-kit/express';
import type { Request } from 'express';
import { describe, expectTypeOf, it } from 'vitest';

declare module '@fyno-kit/core' {
  interface Register {
    events: { order_shipped: { order: string }; password_reset: Record<string, never> };
  }
}

describe('events declared once in Register', () => {
  it('type new Fyno() with no type argument', () => {
    const client = new Fyno({ workspaceId: 'FY1', apiKey: 'k' });
    expectTypeOf(client.fire('order_shipped', { distinct_id: 'u', data: { order: 'A-1' } })).toEqualTypeOf<Promise<FireResponse>>();
    // @ts-expect-error: a typo is a compile error
    void client.fire('order_shiped', { distinct_id: 'u' });
    // @ts-expect-error: `order` must be a string
    void client.fire('order_shipped', { distinct_id: 'u', data: { order: 1 } });
    // @ts-expect-error: the queue knows the events too
    client.queue().enqueue('nope', { distinct_id: 'u' });
  });

  it("type Express's req.fyno and the middleware's client", (): void => {
    const fire = (req: Request) => req.fyno.fire('password_reset', { distinct_id: 'u' });
    expectTypeOf(fire).returns.toEqualTypeOf<Promise<FireResponse>>();
    // @ts-expect-error: not a registered event
    const typo = (req: Request) => req.fyno.fire('pasword_reset', { distinct_id: 'u' });
    void typo;
    const middleware = fynoMiddleware({ workspaceId: 'FY1', apiKey: 'k' });
    // @ts-expect-error: the middleware's client is the same typed client
    void middleware.client.fire('order_shiped', { distinct_id: 'u' });
  });

  it('still lets one client narrow further with an explicit type argument', () => {
    const narrow = new Fyno<{ otp: { code: string } }>({ workspaceId: 'FY1', apiKey: 'k' });
    void narrow.fire('otp', { distinct_id: 'u', data: { code: '1' } });
    // @ts-expect-error: not an event of this client's own map
    void narrow.fire('order_shipped', { distinct_id: 'u', data: { order: 'A-1' } });
  });
});
