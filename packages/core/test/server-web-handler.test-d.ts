/** The web handler's second argument reaches `identify`, typed as the host has it. */
import { expectTypeOf, test } from 'vitest';
import { createInappSessionHandler } from '../src/server/inapp-session';
import { createNotifyHandler } from '../src/server/web-handler';

interface HonoLikeContext {
  get(key: 'user'): { id: string } | undefined;
}

test('identify(request, context) fixes the context type, and the handler then requires it', () => {
  const handler = createNotifyHandler({
    identify: (_request, c: HonoLikeContext) => c.get('user')?.id,
    events: { order_shipped: {} },
  });
  expectTypeOf(handler).parameters.toEqualTypeOf<[request: Request, context: HonoLikeContext]>();
  // @ts-expect-error the context identify reads is not optional
  void handler(new Request('https://app.example/'));
});

test('without a context, the handler stays (request) => Promise<Response>', () => {
  const handler = createNotifyHandler({ identify: (request) => request.headers.get('x-user'), events: {} });
  expectTypeOf(handler).toBeCallableWith(new Request('https://app.example/'));
  expectTypeOf(handler).returns.toEqualTypeOf<Promise<Response>>();
});

test("without a context, a host's own second argument is accepted (Next.js route handlers get { params })", () => {
  const handler = createNotifyHandler({ identify: (request) => request.headers.get('x-user'), events: {} });
  type NextRouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => unknown;
  expectTypeOf(handler).toExtend<NextRouteHandler>();
});

test('the in-app session handler takes the context the same way', () => {
  const session = createInappSessionHandler({ identify: (_request, c: HonoLikeContext) => c.get('user')?.id });
  expectTypeOf(session).parameters.toEqualTypeOf<[request: Request, context: HonoLikeContext]>();
  // @ts-expect-error the context identify reads is not optional
  void session(new Request('https://app.example/'));
  const plain = createInappSessionHandler({ identify: (request) => request.headers.get('x-user') });
  expectTypeOf(plain).toBeCallableWith(new Request('https://app.example/'));
});
