/**
 * `/emulator/*`: the embedded emulator's inbox page and test controls, passed through to it as the
 * Express demo mounts them. Its Fyno API (`/v1`) is not exposed here: only this server talks to it.
 */
import { backend } from '../../../server/backend';

export const dynamic = 'force-dynamic';

async function pass(request: Request): Promise<Response> {
  const { emulatorOrigin } = await backend();
  const url = new URL(request.url);
  const path = url.pathname.slice('/emulator'.length) || '/';
  if (!emulatorOrigin || path.startsWith('/v1/')) {
    return Response.json({ error: { code: 'not_found', message: 'No such route' } }, { status: 404 });
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const res = await fetch(emulatorOrigin + path + url.search, {
    method: request.method,
    headers: { 'content-type': request.headers.get('content-type') ?? 'application/json' },
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
