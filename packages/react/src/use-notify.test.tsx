import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { StrictMode, version as reactVersion, type ReactNode } from 'react';
import { version as reactDomVersion } from 'react-dom';
import { act, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import { FynoProvider, isNotifyError, NotifyError, useNotify } from './index';
import { REPEAT_JOIN_MS } from './use-notify';

import { startRouteServer, type RouteServer } from '../test/route-server';

// Node's fetch, not jsdom's (jsdom has none, and would enforce CORS): the server is real either way.
const nodeFetch = globalThis.fetch;

let server: RouteServer;
beforeAll(async () => {
  server = await startRouteServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  server.closedEarly.length = 0;
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const sent: Array<{ url: string; init: RequestInit | undefined }> = [];
const recordingFetch: typeof fetch = (input, init) => {
  sent.push({ url: String(input), init });
  return nodeFetch(input, init);
};

function wrapper(extra: Partial<Parameters<typeof FynoProvider>[0]> = {}) {
  return ({ children }: { children: ReactNode }) => (
    <FynoProvider endpoint={server.endpoint} fetch={recordingFetch} {...extra}>
      {children}
    </FynoProvider>
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe(`useNotify on React ${reactVersion}`, () => {
  it('runs on the React major this config asked for, with a matching react-dom', () => {
    expect(reactVersion.split('.')[0]).toBe(process.env.EXPECT_REACT_MAJOR);
    expect(reactDomVersion).toBe(reactVersion);
  });

  it('starts idle', () => {
    const { result } = renderHook(() => useNotify(), { wrapper: wrapper() });
    expect(result.current).toMatchObject({
      status: 'idle',
      isIdle: true,
      isPending: false,
      isSuccess: false,
      isError: false,
      data: undefined,
      error: null,
      variables: undefined,
    });
  });

  it('goes idle → pending → success with the route’s 202 body', async () => {
    const { result } = renderHook(() => useNotify(), { wrapper: wrapper() });
    act(() => result.current.notify('ok', { order: 'A1', delayMs: 150 }));
    expect(result.current.status).toBe('pending');
    expect(result.current.isPending).toBe(true);
    expect(result.current.variables).toEqual({ event: 'ok', data: { order: 'A1', delayMs: 150 } });
    await waitFor(() => expect(result.current.status).toBe('success'));
    expect(result.current.isSuccess).toBe(true);
    expect(result.current.error).toBeNull();
    expect(result.current.data).toMatchObject({ event: 'ok', request_id: expect.stringMatching(/^req_/) });
    expect(result.current.data?.channels.email?.status).toBe('queued');
    expect(server.requests).toHaveLength(1);
  });

  it('sends POST {event, data} as JSON with credentials same-origin, provider headers merged', async () => {
    sent.length = 0;
    const { result } = renderHook(() => useNotify(), {
      wrapper: wrapper({ headers: { 'X-CSRF-Token': 'csrf-1', 'Content-Type': 'text/plain' } }),
    });
    await act(() => result.current.notifyAsync('ok', { order: 'A1' }));
    const [req] = server.requests;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/api/fyno/notify');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['x-csrf-token']).toBe('csrf-1');
    expect(req?.body).toEqual({ event: 'ok', data: { order: 'A1' } });
    expect(Object.keys(req?.body)).toEqual(['event', 'data']);
    expect(sent.at(-1)?.init?.credentials).toBe('same-origin');
  });

  it('uses the provider’s credentials', async () => {
    sent.length = 0;
    const { result } = renderHook(() => useNotify(), { wrapper: wrapper({ credentials: 'include' }) });
    await act(() => result.current.notifyAsync('ok', {}));
    expect(sent.at(-1)?.init?.credentials).toBe('include');
  });

  it('sends a fresh UUID Idempotency-Key per call, or the caller’s', async () => {
    const { result } = renderHook(() => useNotify(), { wrapper: wrapper() });
    await act(() => result.current.notifyAsync('ok', { n: 1 }));
    await act(() => result.current.notifyAsync('ok', { n: 2 }));
    await act(() => result.current.notifyAsync('ok', { n: 3 }, { idempotencyKey: 'order-A1-shipped' }));
    const keys = server.requests.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toMatch(UUID);
    expect(keys[1]).toMatch(UUID);
    expect(keys[1]).not.toBe(keys[0]);
    expect(keys[2]).toBe('order-A1-shipped');
  });

  it('falls back to Math.random keys where crypto.randomUUID is missing (plain-http pages)', async () => {
    vi.stubGlobal('crypto', {});
    const { result } = renderHook(() => useNotify(), { wrapper: wrapper() });
    await act(() => result.current.notifyAsync('ok', { n: 1 }));
    await act(() => result.current.notifyAsync('ok', { n: 2 }));
    const keys = server.requests.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toMatch(UUID);
    expect(keys[1]).toMatch(UUID);
    expect(keys[1]).not.toBe(keys[0]);
  });

  it('lands a 401 in error with code and status', async () => {
    const { result } = renderHook(() => useNotify(), { wrapper: wrapper() });
    act(() => result.current.notify('unauthorized', {}));
    await waitFor(() => expect(result.current.status).toBe('error'));
    const { error } = result.current;
    expect(error).toBeInstanceOf(NotifyError);
    expect(error).toBeInstanceOf(Error);
    expect(isNotifyError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'NotifyError', code: 'unauthorized', status: 401, message: 'test unauthorized' });
    expect(error?.retryAfterMs).toBeUndefined();
    expect(result.current.isError).toBe(true);
    expect(result.current.data).toBeUndefined();
    expect(result.current.variables).toEqual({ event: 'unauthorized', data: {} });
  });

  it('lands a 403 as event_not_allowed', async () => {
    const { result } = renderHook(() => useNotify(), { wrapper: wrapper() });
    await act(() => result.current.notifyAsync('forbidden', {}).catch(() => {}));
    expect(result.current.error).toMatchObject({ code: 'event_not_allowed', status: 403 });
  });

  it('reads Retry-After on 429, in seconds or as an HTTP date', async () => {
    const { result } = renderHook(() => useNotify(), { wrapper: wrapper() });
    await act(() => result.current.notifyAsync('limited', {}).catch(() => {}));
    expect(result.current.error).toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 7000 });
    await act(() => result.current.notifyAsync('limited_until', {}).catch(() => {}));
    const ms = result.current.error?.retryAfterMs ?? -1;
    expect(ms).toBeGreaterThan(50_000);
    expect(ms).toBeLessThanOrEqual(60_000);
  });

  it('reports invalid_response for a body that is not the route’s JSON', async () => {
    const { result } = renderHook(() => useNotify(), { wrapper: wrapper() });
    await act(() => result.current.notifyAsync('html', {}).catch(() => {}));
    expect(result.current.error).toMatchObject({ code: 'invalid_response', status: 200 });
    await act(() => result.current.notifyAsync('bad_json', {}).catch(() => {}));
    expect(result.current.error).toMatchObject({ code: 'invalid_response', status: 400 });
  });

  it('reports network_error with status 0 when nothing answers', async () => {
    const gone = await startRouteServer();
    await gone.close();
    const { result } = renderHook(() => useNotify(), { wrapper: wrapper({ endpoint: gone.endpoint }) });
    await act(() => result.current.notifyAsync('ok', {}).catch(() => {}));
    expect(result.current.error).toMatchObject({ code: 'network_error', status: 0 });
  });

  it('reports invalid_body for data that cannot be serialised, without sending', async () => {
    const { result } = renderHook(() => useNotify(), { wrapper: wrapper() });
    const data: Record<string, unknown> = {};
    data.self = data;
    await act(() => result.current.notifyAsync('ok', data).catch(() => {}));
    expect(result.current.error).toMatchObject({ code: 'invalid_body', status: 0 });
    expect(server.requests).toHaveLength(0);
  });

  it('notify never throws or rejects, even for failures', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { result } = renderHook(() => useNotify(), { wrapper: wrapper() });
      let returned: unknown = 'not called';
      act(() => {
        returned = result.current.notify('unauthorized', {});
      });
      expect(returned).toBeUndefined();
      await waitFor(() => expect(result.current.status).toBe('error'));
      const data: Record<string, unknown> = {};
      data.self = data;
      act(() => result.current.notify('ok', data));
      await waitFor(() => expect(result.current.error?.code).toBe('invalid_body'));
      await new Promise((r) => setTimeout(r, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('notifyAsync resolves with the 202 body and rejects with a NotifyError', async () => {
    const { result } = renderHook(() => useNotify(), { wrapper: wrapper() });
    let body: unknown;
    await act(async () => {
      body = await result.current.notifyAsync('ok', { order: 'A1' });
    });
    expect(body).toEqual(result.current.data);
    let caught: unknown;
    await act(async () => {
      await result.current.notifyAsync('forbidden', {}).catch((e: unknown) => (caught = e));
    });
    expect(isNotifyError(caught)).toBe(true);
    expect(caught).toBe(result.current.error);
    expect((caught as NotifyError).code).toBe('event_not_allowed');
  });

  it('a repeat call with the same event and data while pending joins it: one request, same promise', async () => {
    const { result } = renderHook(() => useNotify(), { wrapper: wrapper() });
    let first!: Promise<unknown>;
    let second!: Promise<unknown>;
    act(() => {
      first = result.current.notifyAsync('ok', { order: 'A1', delayMs: 150 });
    });
    act(() => {
      second = result.current.notifyAsync('ok', { order: 'A1', delayMs: 150 });
    });
    expect(second).toBe(first);
    await act(() => first);
    expect(result.current.status).toBe('success');
    expect(server.requests).toHaveLength(1);
    // Past the join window after its success, the same call is a new notification again.
    await new Promise((resolve) => setTimeout(resolve, REPEAT_JOIN_MS + 50));
    await act(() => result.current.notifyAsync('ok', { order: 'A1', delayMs: 150 }));
    expect(server.requests).toHaveLength(2);
  });

  it('a second click after a fast answer, within the join window, joins the success: nothing more is sent', async () => {
    const { result } = renderHook(() => useNotify(), { wrapper: wrapper() });
    const first = await act(() => result.current.notifyAsync('ok', { order: 'A1' }));
    expect(result.current.status).toBe('success');
    // The second click of a double click whose first answer came back before it.
    const second = await act(() => result.current.notifyAsync('ok', { order: 'A1' }));
    expect(second).toBe(first);
    expect(result.current).toMatchObject({ status: 'success', data: first });
    expect(server.requests).toHaveLength(1);
    // A failure is never joined: clicking again after an error retries.
    await act(() => result.current.notifyAsync('unauthorized', {}).catch(() => {}));
    await act(() => result.current.notifyAsync('unauthorized', {}).catch(() => {}));
    expect(server.requests).toHaveLength(3);
  });

  it('a double click on a button sends one notification', async () => {
    function ShipButton() {
      const { notify, isSuccess, error } = useNotify();
      return <button onClick={() => notify('ok', { order: 'A1', delayMs: 100 })}>{isSuccess ? 'Sent' : error ? `Failed: ${error.code}` : 'Notify me'}</button>;
    }
    const W = wrapper();
    render(
      <StrictMode>
        <W>
          <ShipButton />
        </W>
      </StrictMode>,
    );
    const button = screen.getByRole('button');
    fireEvent.click(button);
    fireEvent.click(button);
    await screen.findByText('Sent');
    expect(server.requests).toHaveLength(1);
  });

  it('does not join calls with different data or different idempotency keys', async () => {
    const { result } = renderHook(() => useNotify(), { wrapper: wrapper() });
    await act(() =>
      Promise.all([
        result.current.notifyAsync('ok', { order: 'A1', delayMs: 50 }),
        result.current.notifyAsync('ok', { order: 'A2', delayMs: 50 }),
        result.current.notifyAsync('ok', { order: 'A2', delayMs: 50 }, { idempotencyKey: 'k1' }),
        result.current.notifyAsync('ok', { order: 'A2', delayMs: 50 }, { idempotencyKey: 'k1' }),
        result.current.notifyAsync('ok', { order: 'A2', delayMs: 50 }, { idempotencyKey: 'k2' }),
      ]),
    );
    expect(server.requests).toHaveLength(4);
  });

  it('overlapping calls: the last call wins even when an earlier one ends later', async () => {
    const { result } = renderHook(() => useNotify(), { wrapper: wrapper() });
    let slow!: Promise<unknown>;
    let fast!: Promise<unknown>;
    act(() => {
      slow = result.current.notifyAsync('unauthorized', { delayMs: 250 });
      fast = result.current.notifyAsync('ok', { order: 'B', delayMs: 20 });
    });
    await act(() => fast);
    expect(result.current.status).toBe('success');
    await act(() => slow.catch(() => {}));
    // The earlier call failed after the later one succeeded: the state still shows the later one.
    expect(result.current.status).toBe('success');
    expect(result.current.error).toBeNull();
    expect(result.current.variables).toEqual({ event: 'ok', data: { order: 'B', delayMs: 20 } });
    expect(server.requests).toHaveLength(2);
  });

  it('overlapping calls: an earlier call ending first does not end the later one’s pending', async () => {
    const { result } = renderHook(() => useNotify(), { wrapper: wrapper() });
    let fast!: Promise<unknown>;
    let slow!: Promise<unknown>;
    act(() => {
      fast = result.current.notifyAsync('ok', { order: 'A', delayMs: 20 });
      slow = result.current.notifyAsync('forbidden', { delayMs: 250 });
    });
    await act(() => fast);
    expect(result.current.status).toBe('pending');
    expect(result.current.data).toBeUndefined();
    await act(() => slow.catch(() => {}));
    expect(result.current.status).toBe('error');
    expect(result.current.error?.code).toBe('event_not_allowed');
  });

  it('reset goes back to idle, and a call still in flight no longer changes the state', async () => {
    const { result } = renderHook(() => useNotify(), { wrapper: wrapper() });
    await act(() => result.current.notifyAsync('ok', {}));
    expect(result.current.status).toBe('success');
    act(() => result.current.reset());
    expect(result.current).toMatchObject({ status: 'idle', isIdle: true, data: undefined, error: null, variables: undefined });

    let pending!: Promise<unknown>;
    act(() => {
      pending = result.current.notifyAsync('ok', { delayMs: 100 });
    });
    act(() => result.current.reset());
    await act(() => pending);
    expect(result.current.status).toBe('idle');
    expect(result.current.data).toBeUndefined();
  });

  it('keeps notify, notifyAsync and reset stable across renders', () => {
    const { result, rerender } = renderHook(() => useNotify(), { wrapper: wrapper({ headers: { a: '1' } }) });
    const first = result.current;
    rerender();
    expect(result.current.notify).toBe(first.notify);
    expect(result.current.notifyAsync).toBe(first.notifyAsync);
    expect(result.current.reset).toBe(first.reset);
  });

  it('without a provider, posts to /api/fyno/notify with the global fetch', async () => {
    const urls: string[] = [];
    // A page would resolve the relative URL against its origin; here the origin is the test server.
    vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
      urls.push(String(input));
      return nodeFetch(new URL(String(input), server.origin), init);
    });
    const { result } = renderHook(() => useNotify());
    await act(() => result.current.notifyAsync('ok', { order: 'A1' }));
    expect(urls).toEqual(['/api/fyno/notify']);
    expect(server.requests[0]?.url).toBe('/api/fyno/notify');
    expect(result.current.status).toBe('success');
  });
});
