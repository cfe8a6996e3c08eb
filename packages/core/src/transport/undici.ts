/** Node transport: an undici keep-alive pool per origin, the fastest HTTP client Node has. */
import type { Dispatcher, Pool } from 'undici';
import { requestTimeout } from './timeout';
import { TransportFailure, type Transport, type TransportRequest, type TransportResponse } from './types';

/** Options of the undici transport. */
export interface UndiciTransportOptions {
  /** Sockets per origin. */
  connections?: number;
  /** How long an idle socket is kept open. */
  keepAliveTimeoutMs?: number;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

function failureOf(error: unknown, signal: AbortSignal | undefined): TransportFailure {
  const code = (error as { code?: string } | null)?.code ?? '';
  if (signal?.aborted || code === 'UND_ERR_ABORTED' || (error as Error | null)?.name === 'AbortError') {
    return new TransportFailure('abort', false, { cause: error });
  }
  if (TIMEOUT_CODES.has(code)) return new TransportFailure('timeout', code === 'UND_ERR_CONNECT_TIMEOUT', { cause: error });
  return new TransportFailure('connection', NOT_SENT_CODES.has(code), { cause: error });
}

/**
 * Below this, a timeout gets a precise timer of its own. Above it, undici's coarse timers (up to
 * ~1 s late, but free of per-request allocations) are close enough.
 */
const PRECISE_TIMEOUT_BELOW_MS = 5_000;

// tsup defines it per output format (true in dist/*.cjs).
declare const __FYNO_KIT_CJS__: boolean;

/**
 * Loads undici on first use. The CommonJS build requires it: a dynamic `import()` in CommonJS
 * fails where modules run in a vm without ESM support (Jest's default mode throws "A dynamic import
 * callback was invoked without --experimental-vm-modules" on every call). The ESM build keeps the
 * `import()`, so undici's ~60 ms load stays off the app's startup.
 */
function loadUndici(): Promise<typeof import('undici')> {
  if (__FYNO_KIT_CJS__) return Promise.resolve().then(() => require('undici') as typeof import('undici'));
  return import('undici');
}

/** Creates the undici transport. */
export function undiciTransport(options: UndiciTransportOptions = {}): Transport {
  const pools = new Map<string, Pool>();
  // undici takes ~60 ms to load: load it on the first request, not at import.
  let loading: Promise<typeof import('undici')> | undefined;
  let closed = false;
  const createPool = async (origin: string): Promise<Pool> => {
    const { Pool: PoolClass } = await (loading ??= loadUndici());
    let pool = pools.get(origin);
    if (!pool) {
      pool = new PoolClass(origin, {
        connections: options.connections ?? 64,
        keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
        pipelining: 1,
      });
      pools.set(origin, pool);
    }
    return pool;
  };

  return {
    async request(req: TransportRequest): Promise<TransportResponse> {
      // After close() a request must not quietly open a pool nobody will close.
      if (closed) throw new TransportFailure('closed', true, {});
      const pool = pools.get(req.origin) ?? (await createPool(req.origin));
      if (req.timeoutMs < PRECISE_TIMEOUT_BELOW_MS) {
        const timeout = requestTimeout(req.timeoutMs, req.signal);
        try {
          return await send(pool, { ...req, signal: timeout.signal });
        } catch (error) {
          if (timeout.timedOut()) throw new TransportFailure('timeout', false, { cause: error });
          throw error;
        } finally {
          timeout.done();
        }
      }
      return send(pool, req);
    },
    // undici writes a Buffer as it is; a string it would encode when sending anyway.
    encode: (text) => Buffer.from(text),
    async close(force) {
      closed = true;
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((pool) => (force ? pool.destroy() : pool.close())));
    },
  };
}

async function send(pool: Pool, req: TransportRequest): Promise<TransportResponse> {
  let res: Dispatcher.ResponseData;
  try {
    res = await pool.request({
      method: req.method,
      path: req.path,
      headers: req.headers,
      body: req.body,
      signal: req.signal,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
    });
  } catch (error) {
    throw failureOf(error, req.signal);
  }
  let body: string;
  try {
    body = await res.body.text();
  } catch (error) {
    throw failureOf(error, req.signal);
  }
  const headers = res.headers;
  return {
    status: res.statusCode,
    header: (name) => {
      const value = headers[name];
      return Array.isArray(value) ? value[0] : value;
    },
    body,
  };
}
