/**
 * `usePreferences()` against the real thing: core's preferences handler (the route every adapter
 * mounts) on a Node server, calling the emulator over sockets. A change made through the hook
 * changes what the emulator delivers on the next fire.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Fyno } from '@fyno-kit/core';
import { createPreferencesHandler } from '@fyno-kit/core/server';
import { startEmulator } from '@fyno-kit/emulator';
import { act, renderHook, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePreferences, type PreferencesView } from './index';

let emu: Awaited<ReturnType<typeof startEmulator>>;
let fyno: Fyno;
let server: Server;
let endpoint: string;

beforeAll(async () => {
  emu = await startEmulator({ quiet: true });
  fyno = new Fyno({ workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl });
  const handler = createPreferencesHandler({
    // A stand-in for the app's session: the user is whoever the (server-side) header names.
    identify: (request: Request) => request.headers.get('x-test-user'),
    topics: { SORDERS001: { channels: ['email', 'sms'] }, SSECURITY1: true },
    global: ['email'],
    client: fyno,
    rateLimit: false,
  });
  // Node's request → a web Request → the handler → Node's response.
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    const response = await handler(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/fyno/preferences`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fyno?.close();
  await emu?.stop();
});

const channelOf = (view: PreferencesView | undefined, topic: string, channel: string) =>
  view?.sections
    .flatMap((s) => s.topics)
    .find((t) => t.id === topic)
    ?.channels.find((c) => c.channel === channel);

describe('usePreferences with the real preferences route and the emulator', () => {
  it('reads the topics’ defaults for a user with no profile, and a change skips email on the next fire', async () => {
    const { result } = renderHook(() => usePreferences({ endpoint, headers: { 'x-test-user': 'u_real' } }));
    await waitFor(() => expect(result.current.status).toBe('success'), { timeout: 10_000 });
    expect(channelOf(result.current.data, 'SORDERS001', 'email')).toEqual({ channel: 'email', on: true, required: false });
    expect(channelOf(result.current.data, 'SSECURITY1', 'email')).toMatchObject({ on: true, required: true });
    // Only what the policy shows: the marketing topic is hidden.
    expect(result.current.data!.sections.flatMap((s) => s.topics).map((t) => t.id)).toEqual(['SORDERS001', 'SSECURITY1']);

    await act(() => result.current.setChannelAsync('SORDERS001', 'email', false));
    expect(channelOf(result.current.data, 'SORDERS001', 'email')?.on).toBe(false);

    emu.clear();
    await fyno.fire('order_shipped', { distinct_id: 'u_real', to: { email: 'real@example.com', sms: '+15550001111' } });
    const [message] = emu.messages({ distinct_id: 'u_real' });
    expect(message!.skipped?.email?.destination).toBe('real@example.com');
    expect(message!.msg_id.email).toBeUndefined();
    expect(message!.msg_id.sms).toBeDefined();
  });

  it('keeps a required channel locked (409 channel_required) and refuses a hidden topic (403), changing nothing', async () => {
    const { result } = renderHook(() => usePreferences({ endpoint, headers: { 'x-test-user': 'u_real2' } }));
    await waitFor(() => expect(result.current.status).toBe('success'), { timeout: 10_000 });
    const before = result.current.data;
    await act(() => result.current.setChannelAsync('SSECURITY1', 'email', false).catch(() => undefined));
    expect(result.current.error).toMatchObject({ code: 'channel_required', status: 409 });
    await act(() => result.current.setChannelAsync('SNEWS00001', 'email', true).catch(() => undefined));
    expect(result.current.error).toMatchObject({ code: 'topic_not_allowed', status: 403 });
    expect(result.current.data).toEqual(before);
    await act(() => result.current.refetch());
    expect(result.current.data).toEqual(before);
  });

  it('signed out: 401 unauthorized', async () => {
    const { result } = renderHook(() => usePreferences({ endpoint }));
    await waitFor(() => expect(result.current.error?.code).toBe('unauthorized'), { timeout: 10_000 });
    expect(result.current.status).toBe('error');
  });
});
