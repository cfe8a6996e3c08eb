/**
 * `deliveryReports(options)`: core's delivery-report receiver as a Fastify plugin. In its own scope
 * every body is read as raw bytes (the signature covers the exact bytes Fyno sent), with the
 * receiver's cap; the plugin only says where the body is, on the exchange every route shares.
 */
import { createDeliveryReportRoute, type BodySource } from '@fyno-kit/core/adapter';
import type { DeliveryReportOptions } from '@fyno-kit/core/webhooks';
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import { bodyErrorHandler, fastifyExchange } from './exchange';

/**
 * Receives Fyno's signed delivery reports. Register it at its path:
 * `await app.register(deliveryReports({ secret, onReport }), { prefix: '/fyno/reports' })`. It answers
 * the `fyno_token` verification call (GET) and the reports (POST); unsigned or tampered requests get
 * 401 and never reach `onReport`. `onReport(report, request)` runs once per verified report; what it
 * throws answers 500 (so Fyno may send the report again) and goes to `onError` (default: one
 * `console.error` line), never to the app's error handler. Reports can repeat and Fyno signs no timestamp: make `onReport` idempotent on
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
  const serve = (request: FastifyRequest, reply: FastifyReply, body: BodySource): void => void route.serve(fastifyExchange(request, reply, body));

  const fynoDeliveryReports: FastifyPluginCallback = (instance, _options, done) => {
    // The exact bytes, whatever the type (JSON or form-encoded reports): nothing parses them first.
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: route.maxBodyBytes }, (_request, body, next) => next(null, body));
    instance.setErrorHandler(bodyErrorHandler(serve));
    instance.route({
      // Every method: the receiver answers 405 itself, in its own shape.
      method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      url: '/',
      bodyLimit: route.maxBodyBytes,
      exposeHeadRoute: false,
      handler: (request, reply) => serve(request, reply, { kind: 'bytes', bytes: request.body instanceof Uint8Array ? request.body : undefined }),
    });
    done();
  };
  return fynoDeliveryReports;
}
