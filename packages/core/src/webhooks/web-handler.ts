/**
 * The delivery-report receiver in web-standard form, `(request: Request) => Promise<Response>`: a
 * Next.js route handler, Hono, Bun, Deno or a Worker's fetch.
 */
import { createDeliveryReportRoute, type DeliveryReportOptions, type ReportHttpResponse } from './route';

function toResponse(response: ReportHttpResponse, method: string): Response {
  return new Response(method === 'HEAD' ? null : response.body, { status: response.status, headers: response.headers });
}

/** Reads a web body stream, stopping one byte past `maxBytes` (an endless upload is never buffered). */
async function readAtMost(stream: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array> {
  if (stream === null) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
      if (size > maxBytes) {
        reader.cancel().catch(() => undefined);
        break;
      }
    }
  } finally {
    reader.releaseLock();
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function defaultOnError(error: unknown): void {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(`[fyno-kit] delivery report handler failed (answered 500, so Fyno may send it again): ${text}`);
}

/**
 * Creates a web-standard delivery-report receiver. It answers Fyno's `fyno_token` verification call
 * by echoing the token, refuses anything whose `X-Fyno-Hmac-Signature` does not verify (401, and
 * `onReport` is not called), and calls `onReport(report, request)` once per verified report.
 * Export it for both methods, since the verification call may be a GET.
 *
 * @example
 * // app/api/fyno/reports/route.ts (Next.js App Router)
 * import { createDeliveryReportHandler } from '@fyno-kit/core/webhooks';
 * const handler = createDeliveryReportHandler({
 *   secret: process.env.FYNO_WEBHOOK_SECRET!,
 *   onReport: async (report) => { await db.reports.insertOnce(report.key, report); },
 * });
 * export { handler as GET, handler as POST };
 */
export function createDeliveryReportHandler(options: DeliveryReportOptions<Request>): (request: Request) => Promise<Response> {
  const route = createDeliveryReportRoute<Request>(options);
  const onError = options.onError ?? defaultOnError;
  return async (request) => {
    const header = (name: string) => request.headers.get(name) ?? undefined;
    const early = route.precheck({ method: request.method, url: request.url, header });
    if (early) return toResponse(early, request.method);
    let body: Uint8Array;
    try {
      body = await readAtMost(request.body, route.maxBodyBytes);
    } catch {
      // The sender went away mid-body (or something read it before us): nothing verifiable arrived.
      return toResponse(
        { status: 400, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ error: { code: 'invalid_report', message: 'The request body could not be read' } }) },
        request.method,
      );
    }
    const response = await route.handle({ method: request.method, url: request.url, header, body, request });
    if (response.unexpectedError !== undefined) onError(response.unexpectedError);
    return toResponse(response, request.method);
  };
}
