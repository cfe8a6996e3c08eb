/**
 * Events declared once, in `Register`, type Fastify's `app.fyno` and `request.fyno` with no
 * `<MyEvents>`. Checked in a program of its own (test/register/tsconfig.json): the augmentation
 * would otherwise reach every other test.
 */
import type { FireResponse } from '@fyno-kit/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { describe, expectTypeOf, it } from 'vitest';
import '@fyno-kit/fastify';

declare module '@fyno-kit/core' {
  interface Register {
    events: { order_shipped: { order: string }; password_reset: Record<string, never> };
  }
}

describe('events declared once in Register', () => {
  it("type Fastify's request.fyno and app.fyno", (): void => {
    const fire = (request: FastifyRequest) => request.fyno.fire('order_shipped', { distinct_id: 'u', data: { order: 'A-1' } });
    expectTypeOf(fire).returns.toEqualTypeOf<Promise<FireResponse>>();
    // @ts-expect-error: a typo is a compile error
    const typo = (request: FastifyRequest) => request.fyno.fire('order_shiped', { distinct_id: 'u' });
    // @ts-expect-error: `order` must be a string
    const wrongData = (app: FastifyInstance) => app.fyno.fire('order_shipped', { distinct_id: 'u', data: { order: 1 } });
    void typo;
    void wrongData;
  });
});
