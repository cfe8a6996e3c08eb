/**
 * `deliveryReports(options)`: core's delivery-report receiver as a Fastify plugin. In its own scope
 * every body is read as raw bytes (the signature covers the exact bytes Fyno sent), with the
 * receiver's cap; the plugin only translates the request and writes the receiver's answer.
 */
import { createDeliveryReportRoute, type DeliveryReportOptions, type ReportHttpResponse } from '@fyno-kit/core/webhooks';
import { nodeHeader } from '@fyno-kit/core/server';
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';

function write(reply: FastifyReply, response: ReportHttpResponse): void {
  if (reply.sent || reply.raw.destroyed) return;
  reply.code(response.status).headers(response.headers);
  // Unread body bytes would be parsed as the next request on a kept-alive socket.
  if (reply.request.raw.complete === false) reply.header('connection', 'close');
  reply.send(reply.request.method === 'HEAD' ? undefined : response.body);
}

/**
 * Receives Fyno's signed delivery reports. Register it at its path:
 * `await app.register(deliveryReports({ secret, onReport }), { prefix: '/fyno/reports' })`. It answers
 * the `fyno_token` verification call (GET) and the reports (POST); unsigned or tampered requests get
 * 401 and never reach `onReport`. `onReport(report, request)` runs once per verified report; what it
 * throws answers 500 (so Fyno may send the report again) and goes to `onError`, else to
 * `request.log.error`. Reports can repeat and Fyno signs no timestamp: make `onReport` idempotent on
 * `report.key`. An app-wide JSON parser does not matter: this plugin reads raw bytes in its own scope.
 *
 * @example
 * await app.register(deliveryReports({
 *   secret: process.env.FYNO_WEBHOOK_SECRET!,
 *   onReport: async (r) => { await db.reports.insertIgnoringDuplicates({ key: r.key, status: r.status }); },
 * }), { prefix: '/fyno/reports' });
 */
export function deliveryReports(options: DeliveryReportOptions<FastifyRequest>): FastifyPluginCallback {
  const route = createDeliveryReportRoute<FastifyRequest>(options);

  async function handle(request: FastifyRequest, reply: FastifyReply, body: Uint8Array | undefined): Promise<void> {
    const input = { method: request.method, url: request.url, header: nodeHeader(request.raw), body, request };
    const response = route.precheck(input) ?? (await route.handle(input));
    if (response.unexpectedError !== undefined) {
      if (options.onError) options.onError(response.unexpectedError);
      else request.log.error({ err: response.unexpectedError }, 'fyno-kit: delivery report handler failed (answered 500, so Fyno may send it again)');
    }
    write(reply, response);
  }

  const fynoDeliveryReports: FastifyPluginCallback = (instance, _options, done) => {
    // The exact bytes, whatever the type (JSON or form-encoded reports): nothing parses them first.
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: route.maxBodyBytes }, (_request, body, next) => next(null, body));
    instance.setErrorHandler(async (error, request, reply) => {
      const code = (error as { code?: unknown }).code;
      // Over the cap: one byte more than it makes the receiver answer its own 413.
      if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return handle(request, reply, new Uint8Array(route.maxBodyBytes + 1));
      // The sender went away mid-body: nobody to answer.
      if (code === 'ECONNRESET' || code === 'ECONNABORTED') return;
      throw error;
    });
    instance.route({
      // Every method: the receiver answers 405 itself, in its own shape.
      method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      url: '/',
      bodyLimit: route.maxBodyBytes,
      exposeHeadRoute: false,
      handler: (request, reply) => handle(request, reply, request.body instanceof Uint8Array ? request.body : undefined),
    });
    done();
  };
  return fynoDeliveryReports;
}
