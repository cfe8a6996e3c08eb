/**
 * What happens around a call: navigation (unmount), cancellation, keepalive, and the order of the
 * TanStack-style callbacks. Against the real route server, on React 19 and (vitest.react18) 18.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { StrictMode, useState, version as reactVersion, type ReactNode } from 'react';
import { act, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import { createNotifyClient, FynoProvider, isNotifyError, useNotify, type NotifyError, type UseNotifyOptions } from './index';
import { startRouteServer, type RouteServer } from '../test/route-server';

const nodeFetch = globalThis.fetch;
let server: RouteServer;
beforeAll(async () => {
  server = await startRouteServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  server.closedEarly.length = 0;
  sent.length = 0;
  vi.restoreAllMocks();
});

const sent: Array<RequestInit | undefined> = [];
const recordingFetch: typeof fetch = (input, init) => {
  sent.push(init);
  return nodeFetch(input, init);
};

function Wrapper({ children }: { children: ReactNode }) {
  return (
    <StrictMode>
      <FynoProvider endpoint={server.endpoint} fetch={recordingFetch}>
        {children}
      </FynoProvider>
    </StrictMode>
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Records every callback as `level:name:event`, in the order they ran. */
function recorder(log: string[], level: string) {
  return {
    onSuccess: (_data: unknown, v: { event: string }) => void log.push(`${level}:success:${v.event}`),
    onError: (e: NotifyError, v: { event: string }) => void log.push(`${level}:error:${v.event}:${e.code}`),
    onSettled: (_d: unknown, e: NotifyError | null, v: { event: string }) => void log.push(`${level}:settled:${v.event}:${e ? e.code : 'ok'}`),
  };
}

describe(`navigation and cancellation on React ${reactVersion}`, () => {
  it('notify then unmount in the same event handler: exactly one request, and notifyAsync resolves with its body', async () => {
    const errors = vi.spyOn(console, 'error');
    let pending!: Promise<unknown>;
    let renders = 0;
    function Sender({ onLeave }: { onLeave: () => void }) {
      renders++;
      const { notifyAsync } = useNotify();
      return (
        <button
          onClick={() => {
            pending = notifyAsync('ok', { order: 'A1', delayMs: 300 });
            onLeave(); // what `router.push('/done')` does: this component unmounts at once
          }}
        >
          Send and leave
        </button>
      );
    }
    function Page() {
      const [here, setHere] = useState(true);
      return here ? <Sender onLeave={() => setHere(false)} /> : <p>Done</p>;
    }
    render(<Page />, { wrapper: Wrapper });
    fireEvent.click(screen.getByRole('button'));
    expect(screen.getByText('Done')).toBeTruthy();
    const rendersAtUnmount = renders;
    const body = await pending;
    expect(body).toMatchObject({ event: 'ok', request_id: expect.stringMatching(/^req_/) });
    expect(server.requests).toHaveLength(1);
    expect(server.closedEarly).toHaveLength(0);
    await sleep(100);
    expect(server.requests).toHaveLength(1);
    expect(renders).toBe(rendersAtUnmount);
    expect(errors).not.toHaveBeenCalled();
  });

  it('a call in flight at unmount completes on the server (not aborted), and the state is left alone', async () => {
    const { result, unmount } = renderHook(() => useNotify(), { wrapper: Wrapper });
    let pending!: Promise<unknown>;
    act(() => {
      pending = result.current.notifyAsync('unauthorized', { delayMs: 200 });
    });
    await waitFor(() => expect(server.requests).toHaveLength(1));
    unmount();
    const reason = await pending.catch((e: unknown) => e);
    expect(reason).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(server.closedEarly).toHaveLength(0);
    expect(result.current.status).toBe('pending');
  });

  it('sends every request with keepalive: true', async () => {
    const { result } = renderHook(() => useNotify(), { wrapper: Wrapper });
    await act(() => result.current.notifyAsync('ok', { order: 'A1' }));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.keepalive).toBe(true);
  });

  it('leaves keepalive off only for a body past the 64 kB keepalive budget (the route refuses it anyway)', async () => {
    const { result } = renderHook(() => useNotify(), { wrapper: Wrapper });
    await act(() => result.current.notifyAsync('ok', { text: 'x'.repeat(16_000) }));
    await act(() => result.current.notifyAsync('ok', { text: 'é'.repeat(25_000) }));
    expect(sent.map((init) => init?.keepalive)).toEqual([true, false]);
  });

  it('a per-call signal that aborts mid-flight: NotifyError `aborted`, and nothing more is sent', async () => {
    const { result } = renderHook(() => useNotify(), { wrapper: Wrapper });
    const controller = new AbortController();
    let pending!: Promise<unknown>;
    act(() => {
      pending = result.current.notifyAsync('ok', { delayMs: 2_000 }, { signal: controller.signal });
    });
    await waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    const reason = await act(() => pending.catch((e: unknown) => e));
    expect(isNotifyError(reason)).toBe(true);
    expect(reason).toMatchObject({ code: 'aborted', status: 0 });
    await waitFor(() => expect(server.closedEarly).toHaveLength(1));
    expect(result.current.status).toBe('error');
    expect(result.current.error?.code).toBe('aborted');
    await sleep(300);
    expect(server.requests).toHaveLength(1);
  });

  it('a signal already aborted: `aborted` at once, and no request at all', async () => {
    const { result } = renderHook(() => useNotify(), { wrapper: Wrapper });
    const reason = await act(() => result.current.notifyAsync('ok', {}, { signal: AbortSignal.abort() }).catch((e: unknown) => e));
    expect(reason).toMatchObject({ code: 'aborted' });
    await sleep(100);
    expect(server.requests).toHaveLength(0);
  });

  it('a call with a signal never joins another, so aborting it cannot cancel someone else’s call', async () => {
    const { result } = renderHook(() => useNotify(), { wrapper: Wrapper });
    const controller = new AbortController();
    let first!: Promise<unknown>;
    let second!: Promise<unknown>;
    act(() => {
      first = result.current.notifyAsync('ok', { order: 'A1', delayMs: 200 });
      second = result.current.notifyAsync('ok', { order: 'A1', delayMs: 200 }, { signal: controller.signal });
    });
    expect(second).not.toBe(first);
    controller.abort();
    await act(async () => {
      await expect(second).rejects.toMatchObject({ code: 'aborted' });
      await expect(first).resolves.toMatchObject({ event: 'ok' });
    });
  });
});

describe(`callbacks on React ${reactVersion}`, () => {
  it('success: hook-level onSuccess, onSettled, then call-level onSuccess, onSettled; the promise resolves after them', async () => {
    const log: string[] = [];
    const { result } = renderHook(() => useNotify(recorder(log, 'hook')), { wrapper: Wrapper });
    await act(async () => {
      await result.current.notifyAsync('ok', { n: 1 }, recorder(log, 'call'));
      log.push('resolved');
    });
    expect(log).toEqual(['hook:success:ok', 'hook:settled:ok:ok', 'call:success:ok', 'call:settled:ok:ok', 'resolved']);
  });

  it('error: hook-level onError, onSettled, then call-level onError, onSettled, with the NotifyError', async () => {
    const log: string[] = [];
    const { result } = renderHook(() => useNotify(recorder(log, 'hook')), { wrapper: Wrapper });
    act(() => result.current.notify('forbidden', {}, recorder(log, 'call')));
    await waitFor(() => expect(log).toHaveLength(4));
    expect(log).toEqual([
      'hook:error:forbidden:event_not_allowed',
      'hook:settled:forbidden:event_not_allowed',
      'call:error:forbidden:event_not_allowed',
      'call:settled:forbidden:event_not_allowed',
    ]);
  });

  it('callbacks get the data and the variables of the call', async () => {
    const onSuccess = vi.fn();
    const onSettled = vi.fn();
    const { result } = renderHook(() => useNotify({ onSuccess }), { wrapper: Wrapper });
    await act(() => result.current.notifyAsync('ok', { order: 'A1' }, { onSettled }));
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(onSuccess).toHaveBeenCalledWith(result.current.data, { event: 'ok', data: { order: 'A1' } });
    expect(onSettled).toHaveBeenCalledWith(result.current.data, null, { event: 'ok', data: { order: 'A1' } });
  });

  it('a returned promise is awaited before the next callback runs', async () => {
    const log: string[] = [];
    const { result } = renderHook(
      () =>
        useNotify({
          onSuccess: async () => {
            await sleep(50);
            log.push('hook:success');
          },
          onSettled: () => void log.push('hook:settled'),
        }),
      { wrapper: Wrapper },
    );
    await act(() => result.current.notifyAsync('ok', {}, { onSuccess: () => void log.push('call:success') }));
    expect(log).toEqual(['hook:success', 'hook:settled', 'call:success']);
  });

  it('after unmount: hook-level callbacks still run, call-level ones do not (TanStack Query’s rule)', async () => {
    const log: string[] = [];
    const { result, unmount } = renderHook(() => useNotify(recorder(log, 'hook')), { wrapper: Wrapper });
    let pending!: Promise<unknown>;
    act(() => {
      pending = result.current.notifyAsync('ok', { delayMs: 150 }, recorder(log, 'call'));
      result.current.notify('unauthorized', { delayMs: 150 }, recorder(log, 'call'));
    });
    unmount();
    await pending;
    await waitFor(() => expect(log).toHaveLength(4));
    await sleep(50);
    expect(log.sort()).toEqual(['hook:error:unauthorized:unauthorized', 'hook:settled:ok:ok', 'hook:settled:unauthorized:unauthorized', 'hook:success:ok']);
  });

  it('consecutive calls: hook-level callbacks run for each, call-level ones only for the last call', async () => {
    const log: string[] = [];
    const { result } = renderHook(() => useNotify(recorder(log, 'hook')), { wrapper: Wrapper });
    await act(() =>
      Promise.all([
        // The last call ends first; the earlier ones still never run their call-level callbacks.
        result.current.notifyAsync('ok', { n: 1, delayMs: 200 }, recorder(log, 'call1')),
        result.current.notifyAsync('unauthorized', { n: 2, delayMs: 150 }, recorder(log, 'call2')).catch(() => {}),
        result.current.notifyAsync('ok', { n: 3, delayMs: 20 }, recorder(log, 'call3')),
      ]),
    );
    expect(log.filter((l) => l.startsWith('call'))).toEqual(['call3:success:ok', 'call3:settled:ok:ok']);
    expect(log.filter((l) => l.startsWith('hook:settled'))).toHaveLength(3);
    expect(result.current.variables).toEqual({ event: 'ok', data: { n: 3, delayMs: 20 } });
  });

  it('a joined repeat call is one notification: hook-level callbacks once, the last caller’s call-level callbacks', async () => {
    const log: string[] = [];
    const { result } = renderHook(() => useNotify(recorder(log, 'hook')), { wrapper: Wrapper });
    await act(() =>
      Promise.all([
        result.current.notifyAsync('ok', { order: 'A1', delayMs: 100 }, recorder(log, 'first')),
        result.current.notifyAsync('ok', { order: 'A1', delayMs: 100 }, recorder(log, 'second')),
      ]),
    );
    expect(server.requests).toHaveLength(1);
    expect(log).toEqual(['hook:success:ok', 'hook:settled:ok:ok', 'second:success:ok', 'second:settled:ok:ok']);
  });

  it('after reset, a call in flight runs no call-level callback', async () => {
    const log: string[] = [];
    const { result } = renderHook(() => useNotify(recorder(log, 'hook')), { wrapper: Wrapper });
    let pending!: Promise<unknown>;
    act(() => {
      pending = result.current.notifyAsync('ok', { delayMs: 100 }, recorder(log, 'call'));
    });
    act(() => result.current.reset());
    await act(() => pending);
    expect(log).toEqual(['hook:success:ok', 'hook:settled:ok:ok']);
    expect(result.current.status).toBe('idle');
  });

  it('uses the hook-level callbacks of the latest render, without changing notify’s identity', async () => {
    const log: string[] = [];
    const { result, rerender } = renderHook((props: { tag: string }) => useNotify({ onSuccess: () => void log.push(props.tag) }), {
      wrapper: Wrapper,
      initialProps: { tag: 'first' },
    });
    const { notify } = result.current;
    rerender({ tag: 'second' });
    expect(result.current.notify).toBe(notify);
    await act(() => result.current.notifyAsync('ok', {}));
    expect(log).toEqual(['second']);
  });

  it('a throwing callback is reported, and neither the outcome nor the other callbacks change', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const boom = new Error('boom in onSuccess');
      const onSettled = vi.fn();
      const options: UseNotifyOptions = {
        onSuccess: () => {
          throw boom;
        },
        onSettled,
      };
      const { result } = renderHook(() => useNotify(options), { wrapper: Wrapper });
      const body = await act(() => result.current.notifyAsync('ok', {}));
      expect(body).toMatchObject({ event: 'ok' });
      expect(result.current.status).toBe('success');
      expect(onSettled).toHaveBeenCalledTimes(1);
      await waitFor(() => expect(unhandled).toEqual([boom]));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('submittedAt: 0 before any call, then the time of the call', async () => {
    const { result } = renderHook(() => useNotify(), { wrapper: Wrapper });
    expect(result.current.submittedAt).toBe(0);
    const before = Date.now();
    await act(() => result.current.notifyAsync('ok', {}));
    expect(result.current.submittedAt).toBeGreaterThanOrEqual(before);
    expect(result.current.submittedAt).toBeLessThanOrEqual(Date.now());
  });
});

describe(`createNotifyClient (no React) on React ${reactVersion}`, () => {
  it('posts like the hook: JSON, Idempotency-Key, keepalive, and the 202 body', async () => {
    const client = createNotifyClient({ endpoint: server.endpoint, fetch: recordingFetch, headers: { 'X-CSRF-Token': 't' } });
    const body = await client.notify('ok', { order: 'A1' }, { idempotencyKey: 'order-A1' });
    expect(body).toMatchObject({ event: 'ok', request_id: expect.stringMatching(/^req_/) });
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      body: { event: 'ok', data: { order: 'A1' } },
      headers: { 'idempotency-key': 'order-A1', 'x-csrf-token': 't', 'content-type': 'application/json' },
    });
    expect(sent[0]?.keepalive).toBe(true);
    expect(sent[0]?.credentials).toBe('same-origin');
  });

  it('rejects with the route’s NotifyError, and with `aborted` for its signal', async () => {
    const client = createNotifyClient({ endpoint: server.endpoint, fetch: recordingFetch });
    await expect(client.notify('limited', {})).rejects.toMatchObject({ name: 'NotifyError', code: 'rate_limited', retryAfterMs: 7000 });
    const controller = new AbortController();
    const pending = client.notify('ok', { delayMs: 2_000 }, { signal: controller.signal });
    await waitFor(() => expect(server.requests).toHaveLength(2));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    await sleep(200);
    expect(server.requests).toHaveLength(2);
  });
});
