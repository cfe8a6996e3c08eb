/**
 * `/emulator/*`: the embedded emulator's inbox page and test controls, passed through to it as the
 * Express demo mounts them. Its Fyno API (`/v1`) is not exposed here: only this server talks to it.
 * The emulator refuses a Host that is not local and a state change that is not JSON; this proxy
 * talks to it as 127.0.0.1, so it checks the Host it was reached by itself (a DNS-rebinding page
 * names its own) and passes the caller's Content-Type on as it is (never defaulted to JSON).
 */
import { backend } from '../../../server/backend';

export const dynamic = 'force-dynamic';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The host part of a Host header, lower-cased, IPv6 kept in brackets. */
function hostName(host: string | null): string {
  const value = (host ?? '').trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1);
  return value.split(':')[0] ?? '';
}

async function pass(request: Request): Promise<Response> {
  const { emulatorOrigin } = await backend();
  const url = new URL(request.url);
  const path = url.pathname.slice('/emulator'.length) || '/';
  if (!emulatorOrigin || path.startsWith('/v1/')) {
    return Response.json({ error: { code: 'not_found', message: 'No such route' } }, { status: 404 });
  }
  const host = hostName(request.headers.get('host'));
  if (!LOCAL_HOSTS.has(host) && !host.endsWith('.localhost')) {
    return Response.json({ error: { code: 'forbidden_host', message: 'The emulator pages answer only on localhost' } }, { status: 403 });
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const type = request.headers.get('content-type');
  const res = await fetch(emulatorOrigin + path + url.search, {
    method: request.method,
    headers: type === null ? {} : { 'content-type': type },
    body: hasBody ? await request.arrayBuffer() : undefined,
    signal: request.signal,
  });
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  headers.delete('connection');
  headers.delete('keep-alive');
  return new Response(res.body, { status: res.status, headers });
}

export { pass as GET, pass as POST, pass as DELETE };
