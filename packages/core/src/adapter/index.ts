/**
 * @fyno-kit/core/adapter: for adapters and custom hosts, not for apps. A host translates its request
 * and response into one `Exchange` and hands it to a route's `serve`; everything else is the route's.
 * How to add a route or a host: the `ROUTES.md` beside the server source.
 */
export { answerText } from '../server/exchange';
export type { BodySource, Exchange, ExchangeAnswer, ExchangeRoute, ExchangeSink, NodeRequestLike, NodeResponseLike } from '../server/exchange';
export { serveExchange } from '../server/serve-exchange';
export type { RouteStages } from '../server/serve-exchange';
export type { BodyLimits, BodyRefusal, ExchangeBody } from '../server/take-body';
export { announcesBody, nodeBodySource, nodeExchange, nodeHeader, nodeSink } from '../server/node-exchange';
export type { NodeRequestWithBody } from '../server/node-exchange';
export { webHandler } from '../server/web-exchange';
export { bodyTimeoutError, isClientGone, isParserError } from '../server/parser-error';
export { armBodyReadDeadline } from '../server/body-read-deadline';
export type { DeadlineBody, DeadlineSocket } from '../server/body-read-deadline';
export { reportError } from '../server/log-line';
export { DEFAULT_BODY_TIMEOUT_MS } from '../server/limits';
export { createNotifyRoute } from '../server/route';
export { createInappSessionRoute } from '../server/inapp-session';
export type { InappSessionAnswer, InappSessionRoute } from '../server/inapp-session';
export { createPreferencesRoute } from '../server/preferences-route';
export type { PreferencesAnswer, PreferencesRoute } from '../server/preferences-types';
export type { NotifyRoute } from '../server/route-types';
export { createDeliveryReportRoute } from '../webhooks/route';
export type { DeliveryReportRoute } from '../webhooks/route';
export { checkEnqueueKey } from '../enqueuer';
export { isFynoClient } from './is-fyno-client';
// The payload checks core's client makes, for queues that store before sending (@fyno-kit/bullmq).
export { validateEventName, validatePayload } from '../validate';
export type { NotifyHttpResponse } from '../server/http-types';
// Spans for an adapter's own work (bullmq's queue spans), on the API the client found or was given
// (or none when it was told `openTelemetry: false`); on Node without a client, `loadOpenTelemetry`
// from `@fyno-kit/core/adapter/node` finds it.
export { chooseOpenTelemetry, createTelemetry, openTelemetryChoiceOf, telemetryOf, withSpan } from '../telemetry';
export type {
  InstrumentationScope,
  OpenTelemetrySpanContext,
  OpenTelemetrySpanLink,
  SpanAttributes,
  SpanHandle,
  Telemetry,
  WithSpanOptions,
} from '../telemetry';
export { traceContext, traceLinks } from '../traceparent';
