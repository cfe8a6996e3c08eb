/** The seam between the client and the network: one HTTP exchange, no retries, no error mapping. */

/** One HTTP request, fully built. */
export interface TransportRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Origin, e.g. `https://api.fyno.io`. */
  origin: string;
  /** Path and query, e.g. `/v1/FY123/live/event`. */
  path: string;
  headers: Record<string, string>;
  /** Text, or bytes from `encode` (only a transport that has `encode` is given bytes). */
  body: string | Uint8Array | undefined;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

/** One HTTP answer, body read in full. */
export interface TransportResponse {
  status: number;
  /** Returns a response header (lower-case name), or undefined. */
  header(name: string): string | undefined;
  body: string;
}

/**
 * Why a request got no HTTP answer. `notSent` is true when the request certainly never reached
 * the server (connection refused), so even a non-idempotent call may be retried.
 */
export class TransportFailure extends Error {
  constructor(
    readonly kind: 'timeout' | 'abort' | 'connection' | 'closed',
    readonly notSent: boolean,
    options: { cause?: unknown },
  ) {
    super(kind, options);
  }
}

/** Sends requests. `close()` releases pooled connections; `close(true)` aborts requests still running. */
export interface Transport {
  request(request: TransportRequest): Promise<TransportResponse>;
  close(force?: boolean): Promise<void>;
  /**
   * UTF-8 encodes a request body the transport will take as bytes. A queue encodes each batch when
   * it is cut: a backlog is then held outside the JS heap, where the garbage collector does not copy
   * it (on Node, a Buffer's bytes are not on the heap). A transport without it is given text.
   */
  encode?: (text: string) => Uint8Array;
}

/** The `fetch` signature the fetch transport needs (the global one, or a user's). */
export type FetchLike = (
  input: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body?: string | undefined;
    signal?: AbortSignal | undefined;
  },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;
