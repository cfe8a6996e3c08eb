/** The request type reaches `identify` and the rules' hooks; an unannotated `req` is never `any`. */
import { describe, expectTypeOf, it } from 'vitest';
import { createNotifyHandler, createNotifyRoute, defineNotifyPolicy, type NotifyEventName, type NotifyPolicy } from '../src/server/index';

describe('defineNotifyPolicy<Request>()({ … })', () => {
  it('types an unannotated identify and the hooks with the request type', () => {
    const policy = defineNotifyPolicy<Request>()({
      identify: (req) => {
        expectTypeOf(req).toEqualTypeOf<Request>();
        // @ts-expect-error: a Request has no such property, and req is not any
        return req.nonexistent.thing;
      },
      events: {
        order_shipped: {
          to: (ctx) => {
            expectTypeOf(ctx.request).toEqualTypeOf<Request>();
            return undefined;
          },
        },
        password_reset: {},
      },
    });
    expectTypeOf<NotifyEventName<typeof policy>>().toEqualTypeOf<'order_shipped' | 'password_reset'>();
    expectTypeOf(createNotifyHandler).toBeCallableWith(policy);
  });

  it('refuses an identify written for another request type', () => {
    defineNotifyPolicy<Request>()({
      // @ts-expect-error: identify must take the Request
      identify: (req: { session: { userId: string } }) => req.session.userId,
      events: {},
    });
  });
});

describe('defineNotifyPolicy({ … }) without a request type', () => {
  it('keeps an annotated identify', () => {
    const policy = defineNotifyPolicy({ identify: (req: Request) => req.headers.get('x-user'), events: { a: {} } });
    expectTypeOf(policy.identify).parameter(0).toEqualTypeOf<Request>();
  });

  it('an unannotated req is never, not any: using it does not compile', () => {
    defineNotifyPolicy({
      identify: (req) => {
        expectTypeOf(req).toBeNever();
        // @ts-expect-error: not any, so this does not compile
        return req.nonexistent.thing;
      },
      events: {},
    });
    const plain: NotifyPolicy = {
      identify: (req) => {
        expectTypeOf(req).not.toBeAny();
        // @ts-expect-error: NotifyPolicy's default request type is never, not any
        return req.nonexistent.thing;
      },
      events: {},
    };
    void plain;
  });

  it('inline in createNotifyHandler, req is the web Request', () => {
    createNotifyHandler({
      identify: (req) => {
        expectTypeOf(req).toEqualTypeOf<Request>();
        return req.headers.get('x-user');
      },
      events: {},
    });
  });
});

describe('NotifyRoute: what a host mounts', () => {
  it('is serve and its limits, nothing else (a body in hand runs through serve too)', () => {
    const route = createNotifyRoute<object>({ identify: () => 'u', events: {} });
    expectTypeOf<keyof typeof route>().toEqualTypeOf<'serve' | 'maxBodyBytes' | 'bodyTimeoutMs'>();
  });
});

describe('defineNotifyPolicy({ identify: (req: R) => … })', () => {
  it("carries the annotated request type to the rules' hooks", () => {
    const policy = defineNotifyPolicy({
      identify: (req: Request) => req.headers.get('x-user'),
      events: {
        invoice_ready: {
          to: (ctx) => {
            expectTypeOf(ctx.request).toEqualTypeOf<Request>();
            return { email: 'billing@example.com' };
          },
        },
      },
    });
    expectTypeOf(createNotifyHandler).toBeCallableWith(policy);
    expectTypeOf<NotifyEventName<typeof policy>>().toEqualTypeOf<'invoice_ready'>();
  });
});

describe('defineNotifyPolicy<Request>({ … }) in one call', () => {
  it('types identify with the given request (event names are kept by the curried form only)', () => {
    const policy = defineNotifyPolicy<Request>({
      identify: (req) => {
        expectTypeOf(req).toEqualTypeOf<Request>();
        // @ts-expect-error: a Request has no such property, and req is not any
        return req.nonexistent.thing;
      },
      events: {},
    });
    expectTypeOf(createNotifyHandler).toBeCallableWith(policy);
  });
});
