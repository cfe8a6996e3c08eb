/** `notifyRoute.identify` gets the platform's request type, never `any` (checked by vitest's typecheck). */
import type { NotifySuccessBody } from '@fyno-kit/core/server';
import type { FastifyRequest } from 'fastify';
import { describe, expectTypeOf, it } from 'vitest';
import { FynoModule, type FynoNotifyRouteOptions, type FynoPlatformRequest, type FynoRoutes } from '../src/index';

interface User {
  id: string;
  email: string;
}

describe('FynoModule.forRoot({ notifyRoute })', () => {
  it('an unannotated identify gets the platform request, not any', () => {
    FynoModule.forRoot({
      notifyRoute: {
        identify: (req) => {
          expectTypeOf(req).toEqualTypeOf<FynoPlatformRequest>();
          expectTypeOf(req.headers.authorization).toEqualTypeOf<string | undefined>();
          // @ts-expect-error: not any: the request has no such property
          return req.nonexistent.thing;
        },
        events: { order_shipped: {} },
      },
    });
  });

  it('req.user is unknown until annotated', () => {
    FynoModule.forRoot({
      notifyRoute: {
        // @ts-expect-error: what the guard left is unknown: say what your user is
        identify: (req) => req.user.id,
        events: {},
      },
    });
    FynoModule.forRoot({
      notifyRoute: {
        identify: (req: { user?: User }) => req.user?.id ?? null,
        events: {
          order_shipped: {
            to: (ctx) => {
              // The annotation reaches the rules' hooks too.
              expectTypeOf(ctx.request).toEqualTypeOf<{ user?: User }>();
              return ctx.request.user ? { email: ctx.request.user.email } : undefined;
            },
          },
        },
      },
    });
  });

  it('a route typed for a platform request mounts as it is', () => {
    type ExpressLike = FynoPlatformRequest & { user?: User; ip: string };
    const route: FynoNotifyRouteOptions<ExpressLike> = { identify: (req) => req.user?.id ?? req.ip, events: {} };
    expectTypeOf(route.identify).parameter(0).toEqualTypeOf<ExpressLike>();
    FynoModule.forRoot({ notifyRoute: route });
  });

  it('FynoNotifyRouteOptions with no type argument takes any annotated identify, and no unannotated req', () => {
    interface RequestWithUser {
      user?: User;
    }
    const annotated: FynoNotifyRouteOptions = { identify: (req: RequestWithUser) => req.user?.id ?? null, events: {} };
    FynoModule.forRoot({ notifyRoute: annotated });
    const unannotated: FynoNotifyRouteOptions = {
      identify: (req) => {
        expectTypeOf(req).toBeNever();
        // @ts-expect-error: not any, so this does not compile
        return req.user;
      },
      events: {},
    };
    void unannotated;
  });
});

describe('FynoRoutes.notify(req, res)', () => {
  // Express's Request: the README's example, compiled by doc-check (this package has no @types/express).
  it("takes the platform's request (FastifyRequest here) and answers the route's 202 body", () => {
    type Notify = FynoRoutes['notify'];
    expectTypeOf<Parameters<Notify>[0]>().toEqualTypeOf<FynoPlatformRequest>();
    expectTypeOf<FastifyRequest>().toExtend<FynoPlatformRequest>();
    expectTypeOf<Awaited<ReturnType<Notify>>>().toEqualTypeOf<NotifySuccessBody | undefined>();
  });
});
