// Tracing from a packed install: with @opentelemetry/api installed (core's optional peer) and a
// tracer provider registered, `new Fyno()` finds the API on its own. A tiny provider stands in for
// the SDK; it keeps span names and attributes. Run as ESM (`otel.mjs`) and as CJS (`otel.cjs`).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const esm = !process.argv.includes('--cjs');
const require = createRequire(import.meta.url);
// The app's copy of the API: ESM here, CJS with --cjs; core loads its own, and they share the registration.
const api = esm ? await import('@opentelemetry/api') : require('@opentelemetry/api');
const { Fyno } = esm ? await import('@fyno-kit/core') : require('@fyno-kit/core');

const spans = [];
api.trace.setGlobalTracerProvider({
  getTracer: () => ({
    startSpan(name, options) {
      const span = { name, attributes: { ...options?.attributes }, events: [], ended: false };
      spans.push(span);
      return {
        spanContext: () => api.INVALID_SPAN_CONTEXT,
        isRecording: () => true,
        setAttribute: (k, v) => void (span.attributes[k] = v),
        setAttributes: (a) => void Object.assign(span.attributes, a),
        addEvent: (n) => void span.events.push(n),
        setStatus: () => undefined,
        end: () => void (span.ended = true),
      };
    },
  }),
});

const event = esm ? 'smoke_otel_esm' : 'smoke_otel_cjs';
const client = new Fyno({ logger: { warn() {}, error() {} } });
const res = await client.fire(event, { to: { email: 'otel@example.com' } });
await client.close();
const [span] = spans;
assert.equal(span?.name, 'fyno.fire');
assert.equal(span.ended, true);
assert.equal(span.attributes['fyno.request_id'], res.request_id);
assert.deepEqual(span.events, ['fyno.attempt']);
assert.ok(!JSON.stringify(spans).includes('otel@example.com'));
console.log(`otel (${esm ? 'ESM' : 'CJS'} app): span fyno.fire with ${span.events.length} attempt event, request_id ${res.request_id}`);
