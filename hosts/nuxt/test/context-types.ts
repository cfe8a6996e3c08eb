// Type-checked by `tsc` (the package's typecheck): every server route hands the H3 event to the
// handler with no cast, and a handler whose identify reads the event refuses to be called without it,
// in its `Request` form and on Node's request and response (`handler.node`) alike.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { deliveryReports, inappSession, notify, preferences } from '../server/utils/fyno';

const request = new Request('http://127.0.0.1/api/fyno/notify', { method: 'POST' });
// @ts-expect-error identify reads event.context: the event is required
void notify(request);
// @ts-expect-error not an H3 event
void inappSession(request, { context: {} });
// @ts-expect-error identify reads event.context: the event is required
void preferences(request);

declare const req: IncomingMessage;
declare const res: ServerResponse;
// @ts-expect-error identify reads event.context: the event is required on Node's request too
void notify.node(req, res);
// @ts-expect-error not an H3 event
void preferences.node(req, res, { context: {} });
// The receiver reads no context.
void deliveryReports.node(req, res);
