// The notify route called from inside the app, by Nitro's global `$fetch` (no socket: Nitro hands the
// route a stand-in request with the body on it), with the caller's cookie: answers what the route answered.
import { defineEventHandler, getRequestHeader, readRawBody } from 'h3';

/** Nitro's server-side `$fetch` (ofetch on Nitro's local fetch), as far as this route uses it. */
type LocalFetch = {
  raw(
    url: string,
    options: { method: string; body: string; headers: Record<string, string>; ignoreResponseError: boolean },
  ): Promise<{ status: number; _data?: unknown }>;
};

export default defineEventHandler(async (event) => {
  const res = await (globalThis as unknown as { $fetch: LocalFetch }).$fetch.raw('/api/fyno/notify', {
    method: 'POST',
    body: (await readRawBody(event)) ?? '',
    headers: { 'content-type': 'application/json', cookie: getRequestHeader(event, 'cookie') ?? '' },
    ignoreResponseError: true,
  });
  return { status: res.status, body: res._data };
});
