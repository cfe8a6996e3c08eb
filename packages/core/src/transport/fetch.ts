/** Web-standard transport on `fetch`: edge runtimes, Deno, Bun, or a user's own fetch. */
import { requestTimeout } from './timeout';
import { TransportFailure, type FetchLike, type Transport, type TransportRequest, type TransportResponse } from './types';

/** Creates a transport on the given `fetch` (default: the global one, looked up at call time). */
export function fetchTransport(fetchImpl?: FetchLike): Transport {
  return {
    async request(req: TransportRequest): Promise<TransportResponse> {
      const f = fetchImpl ?? (globalThis.fetch as unknown as FetchLike);
      const t = requestTimeout(req.timeoutMs, req.signal);
      try {
        const res = await f(req.origin + req.path, {
          method: req.method,
          headers: req.headers,
          // Text only: this transport has no `encode`, so nothing gives it bytes.
          body: req.body as string | undefined,
          signal: t.signal,
        });
        const body = await res.text();
        return { status: res.status, header: (name) => res.headers.get(name) ?? undefined, body };
      } catch (error) {
        if (t.timedOut()) throw new TransportFailure('timeout', false, { cause: error });
        if (req.signal?.aborted) throw new TransportFailure('abort', false, { cause: error });
        throw new TransportFailure('connection', false, { cause: error });
      } finally {
        t.done();
      }
    },
    async close() {},
  };
}
