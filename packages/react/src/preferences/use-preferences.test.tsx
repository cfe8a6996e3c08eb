/**
 * `usePreferences()` against a real HTTP server answering as the preferences route's contract:
 * the read, optimistic changes and their rollback, the order of changes, callbacks, and errors.
 */
import { act, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import { StrictMode, version as reactVersion, type ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initialView, startPreferencesRouteServer, type PreferencesRouteServer } from '../../test/preferences-route-server';
import { isNotifyError, usePreferences, type PreferencesView, type UsePreferencesOptions } from './index';

let server: PreferencesRouteServer;
beforeAll(async () => {
  server = await startPreferencesRouteServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.reset();
  extra = {};
  vi.restoreAllMocks();
});

// Headers for the next requests (a delay, a failure), added by the fetch the hook is given.
let extra: Record<string, string> = {};
const testFetch: typeof fetch = (input, init) => globalThis.fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...extra } });

const options = (more: UsePreferencesOptions<any> = {}): UsePreferencesOptions<any> => ({
  endpoint: server.endpoint,
  fetch: testFetch,
  headers: { Authorization: 'Bearer ana' },
  ...more,
});

const channelOf = (view: PreferencesView | undefined, topic: string, channel: string) =>
  view?.sections
    .flatMap((s) => s.topics)
    .find((t) => t.id === topic)
    ?.channels.find((c) => c.channel === channel);
const globalOf = (view: PreferencesView | undefined, channel: string) => view?.global.find((g) => g.channel === channel);

async function loaded(more?: UsePreferencesOptions<any>) {
  const hook = renderHook(() => usePreferences(options(more)));
  await waitFor(() => expect(hook.result.current.status).toBe('success'));
  return hook;
}

describe(`usePreferences on React ${reactVersion}`, () => {
  it('runs on the React major this config asked for', () => {
    expect(reactVersion.split('.')[0]).toBe(process.env.EXPECT_REACT_MAJOR);
  });

  it('is pending, then holds the route’s view: sections → topics → channels, required ones locked', async () => {
    const { result } = renderHook(() => usePreferences(options()));
    expect(result.current).toMatchObject({ status: 'pending', isPending: true, data: undefined, error: null, isSaving: false });
    await waitFor(() => expect(result.current.status).toBe('success'));
    expect(result.current.isSuccess).toBe(true);
    expect(result.current.data).toEqual(initialView());
    expect(channelOf(result.current.data, 'SSECURITY1', 'email')).toEqual({ channel: 'email', on: true, required: true });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'GET', headers: { authorization: 'Bearer ana' } });
  });

  it('reads once under StrictMode (double effects) and sends credentials same-origin by default', async () => {
    const seen: RequestInit[] = [];
    const recording: typeof fetch = (input, init) => {
      seen.push(init!);
      return testFetch(input, init);
    };
    const { result } = renderHook(() => usePreferences(options({ fetch: recording })), {
      wrapper: ({ children }: { children: ReactNode }) => <StrictMode>{children}</StrictMode>,
    });
    await waitFor(() => expect(result.current.status).toBe('success'));
    await new Promise((r) => setTimeout(r, 100));
    expect(server.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'GET', credentials: 'same-origin', cache: 'no-store' });
  });

  it('shows a change at once, sends it as { changes }, then keeps the route’s answer', async () => {
    const { result } = await loaded();
    extra = { 'x-delay-ms': '300' };
    act(() => result.current.setChannel('SORDERS001', 'email', false));
    // Optimistic: before the route answers.
    expect(channelOf(result.current.data, 'SORDERS001', 'email')?.on).toBe(false);
    expect(result.current.isSaving).toBe(true);
    await waitFor(() => expect(result.current.isSaving).toBe(false));
    expect(channelOf(result.current.data, 'SORDERS001', 'email')?.on).toBe(false);
    expect(result.current.error).toBeNull();
    const post = server.requests.find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({ changes: [{ topic: 'SORDERS001', channel: 'email', on: false }] });
    expect(post.headers['content-type']).toBe('application/json');
    expect(channelOf(server.viewOf('ana'), 'SORDERS001', 'email')?.on).toBe(false);
    // Another user's preferences are untouched: the route picks the user, not the page.
    expect(channelOf(server.viewOf('ben'), 'SORDERS001', 'email')?.on).toBe(true);
  });

  it('undoes a refused change and reports why (a topic the route hides: 403 topic_not_allowed)', async () => {
    const onError = vi.fn();
    const { result } = await loaded({ onError });
    const before = result.current.data;
    let caught: unknown;
    await act(() => result.current.setChannelAsync('SHIDDEN001', 'email', false).catch((e: unknown) => (caught = e)));
    expect(isNotifyError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'topic_not_allowed', status: 403 });
    expect(result.current.error).toBe(caught);
    expect(result.current.data).toEqual(before);
    expect(result.current.status).toBe('success'); // the view is still good; the change failed
    expect(onError).toHaveBeenCalledWith(caught, { topic: 'SHIDDEN001', channel: 'email', on: false }, undefined);
  });

  it('rolls back an optimistic change when the route fails, after showing it', async () => {
    const { result } = await loaded();
    extra = { 'x-delay-ms': '200', 'x-fail': '503 upstream_unavailable' };
    act(() => result.current.setChannel('SORDERS001', 'sms', false));
    expect(channelOf(result.current.data, 'SORDERS001', 'sms')?.on).toBe(false);
    await waitFor(() => expect(result.current.error?.code).toBe('upstream_unavailable'));
    expect(channelOf(result.current.data, 'SORDERS001', 'sms')?.on).toBe(true);
    expect(result.current.isSaving).toBe(false);
    expect(channelOf(server.viewOf('ana'), 'SORDERS001', 'sms')?.on).toBe(true);
  });

  it('keeps a required channel locked: no optimistic change, and the route’s 409 channel_required', async () => {
    const { result } = await loaded();
    extra = { 'x-delay-ms': '200' };
    act(() => result.current.setChannel('SSECURITY1', 'email', false));
    expect(channelOf(result.current.data, 'SSECURITY1', 'email')?.on).toBe(true);
    await waitFor(() => expect(result.current.error?.code).toBe('channel_required'));
    expect(result.current.error?.status).toBe(409);
    expect(channelOf(result.current.data, 'SSECURITY1', 'email')).toEqual({ channel: 'email', on: true, required: true });
  });

  it('turns a channel off everywhere with `all` (the global switch), required channels excepted', async () => {
    const { result } = await loaded();
    extra = { 'x-delay-ms': '200' };
    act(() => result.current.setChannel('all', 'email', false));
    expect(globalOf(result.current.data, 'email')?.on).toBe(false);
    expect(channelOf(result.current.data, 'SORDERS001', 'email')?.on).toBe(false);
    expect(channelOf(result.current.data, 'SSECURITY1', 'email')?.on).toBe(true);
    await waitFor(() => expect(result.current.isSaving).toBe(false));
    expect(globalOf(server.viewOf('ana'), 'email')?.on).toBe(false);
    // And back on: the global switch shows at once, the topics as the route answers.
    act(() => result.current.setChannel('all', 'email', true));
    expect(globalOf(result.current.data, 'email')?.on).toBe(true);
    await waitFor(() => expect(result.current.isSaving).toBe(false));
    expect(channelOf(result.current.data, 'SORDERS001', 'email')?.on).toBe(true);
  });

  it('sends changes one after another in the order made; a refused one is undone without undoing the others', async () => {
    const { result } = await loaded();
    extra = { 'x-delay-ms': '150' };
    act(() => {
      result.current.setChannel('SORDERS001', 'email', false);
      result.current.setChannel('SHIDDEN001', 'sms', false);
      result.current.setChannel('SORDERS001', 'sms', false);
    });
    expect(channelOf(result.current.data, 'SORDERS001', 'email')?.on).toBe(false);
    expect(channelOf(result.current.data, 'SORDERS001', 'sms')?.on).toBe(false);
    await waitFor(() => expect(result.current.isSaving).toBe(false), { timeout: 5_000 });
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts.map((p) => p.body.changes[0].topic + '/' + p.body.changes[0].channel)).toEqual(['SORDERS001/email', 'SHIDDEN001/sms', 'SORDERS001/sms']);
    // Each was received only after the one before it was answered.
    for (let i = 1; i < posts.length; i++) expect(posts[i]!.receivedAt).toBeGreaterThanOrEqual(posts[i - 1]!.answeredAt!);
    expect(channelOf(result.current.data, 'SORDERS001', 'email')?.on).toBe(false);
    expect(channelOf(result.current.data, 'SORDERS001', 'sms')?.on).toBe(false);
    expect(result.current.error).toBeNull(); // the last change succeeded
  });

  it('runs onMutate, then onSuccess and onSettled with its context; hook-level before call-level', async () => {
    const order: string[] = [];
    const { result } = await loaded({
      onMutate: async (variables) => {
        order.push(`mutate ${variables.channel}`);
        return { token: 7 };
      },
      onSuccess: (data, variables, context) => {
        order.push(`hook success ${variables.channel} ${(context as { token: number }).token} ${channelOf(data, 'SORDERS001', 'sms')?.on}`);
      },
      onSettled: (_data, error, _variables, context) => {
        order.push(`hook settled ${error} ${(context as { token: number }).token}`);
      },
    });
    await act(() =>
      result.current.setChannelAsync('SORDERS001', 'sms', false, {
        onSuccess: () => void order.push('call success'),
        onSettled: () => void order.push('call settled'),
      }),
    );
    expect(order).toEqual(['mutate sms', 'hook success sms 7 false', 'hook settled null 7', 'call success', 'call settled']);
  });

  it('a callback that throws changes neither the outcome nor the state', async () => {
    const { result } = await loaded({
      onSuccess: () => {
        throw new Error('callback bug');
      },
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const view = await act(() => result.current.setChannelAsync('SORDERS001', 'sms', false));
      expect(channelOf(view, 'SORDERS001', 'sms')?.on).toBe(false);
      await new Promise((r) => setTimeout(r, 50));
      expect(unhandled).toEqual([expect.objectContaining({ message: 'callback bug' })]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(result.current.error).toBeNull();
  });

  it('signed out: the read fails with the route’s 401 unauthorized', async () => {
    const { result } = renderHook(() => usePreferences(options({ headers: {} })));
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current).toMatchObject({ isError: true, data: undefined, error: { code: 'unauthorized', status: 401 } });
  });

  it('a route that cannot be reached is a network_error; refetch recovers', async () => {
    let down = true;
    const flaky: typeof fetch = (input, init) => (down ? Promise.reject(new TypeError('fetch failed')) : testFetch(input, init));
    const { result } = renderHook(() => usePreferences(options({ fetch: flaky })));
    await waitFor(() => expect(result.current.error?.code).toBe('network_error'));
    expect(result.current.status).toBe('error');
    down = false;
    await act(() => result.current.refetch());
    expect(result.current.status).toBe('success');
    expect(result.current.error).toBeNull();
    expect(result.current.data).toEqual(initialView());
  });

  it('an answer that is not the route’s JSON is invalid_response', async () => {
    const html: typeof fetch = async () => new Response('<p>login</p>', { status: 200, headers: { 'content-type': 'text/html' } });
    const { result } = renderHook(() => usePreferences(options({ fetch: html })));
    await waitFor(() => expect(result.current.error?.code).toBe('invalid_response'));
  });

  it('renders initialData at once and does not read it again on mount', async () => {
    const initial = initialView();
    const { result } = renderHook(() => usePreferences(options({ initialData: initial })));
    expect(result.current).toMatchObject({ status: 'success', data: initial });
    await new Promise((r) => setTimeout(r, 100));
    expect(server.requests).toHaveLength(0);
  });

  it('after unmount: the change still completes, hook-level callbacks run, call-level ones do not', async () => {
    const hookSettled = vi.fn();
    const callSettled = vi.fn();
    const { result, unmount } = await loaded({ onSettled: hookSettled });
    extra = { 'x-delay-ms': '200' };
    const done = result.current.setChannelAsync('SORDERS001', 'email', false, { onSettled: callSettled });
    unmount();
    await done;
    expect(hookSettled).toHaveBeenCalledTimes(1);
    expect(callSettled).not.toHaveBeenCalled();
    expect(channelOf(server.viewOf('ana'), 'SORDERS001', 'email')?.on).toBe(false);
  });

  it('drives a settings panel: a checkbox per channel, the required one disabled', async () => {
    function Panel() {
      const { data, setChannel } = usePreferences(options());
      return (
        <div>
          {data?.sections.flatMap((s) =>
            s.topics.flatMap((t) =>
              t.channels.map((c) => (
                <label key={t.id + c.channel}>
                  <input type="checkbox" checked={c.on} disabled={c.required} onChange={(e) => setChannel(t.id, c.channel, e.target.checked)} />
                  {`${t.name} ${c.channel}`}
                </label>
              )),
            ),
          )}
        </div>
      );
    }
    render(<Panel />);
    const email = await screen.findByLabelText('Order updates email');
    expect((email as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Security email') as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(email);
    expect((email as HTMLInputElement).checked).toBe(false);
    await waitFor(() => expect(channelOf(server.viewOf('ana'), 'SORDERS001', 'email')?.on).toBe(false));
  });
});
