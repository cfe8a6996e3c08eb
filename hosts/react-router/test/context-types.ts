// Type-checked by typecheck.test.ts: the routes hand React Router's args to the handlers with no cast,
// and a handler whose identify reads the context refuses to be called without it.
import { inappSession, notify, preferences } from '../app/fyno.server';

const request = new Request('http://127.0.0.1/api/fyno/notify', { method: 'POST' });
// @ts-expect-error identify reads the route's context: the args are required
void notify(request);
// @ts-expect-error not the route's args: no router context
void inappSession(request, { params: {} });
// @ts-expect-error identify reads the route's context: the args are required
void preferences(request);
