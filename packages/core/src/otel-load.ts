/**
 * Finds `@opentelemetry/api` (an optional peer) on Node, synchronously, so the first call of a new
 * client is traced too. It resolves from this file (`__filename` in the CJS build, `import.meta.url`
 * in the ESM build), as a peer should. The ESM and CJS copies of the API share one global
 * registration, so whichever copy the app registered its SDK with is seen here.
 *
 * Node only (`node:module`): the Node client's entry and `@fyno-kit/core/adapter/node` reach it, never
 * `@fyno-kit/core/adapter` or the browser-safe build. An adapter that loads it (bullmq's producer, which
 * has no client to take the API from) finds the API from core's folder: an adapter depends on core and
 * declares the same optional peer, so the package manager gives core the app's copy.
 */
import { createRequire } from 'node:module';
import type { OpenTelemetryApi } from './telemetry';

// A variable, so bundlers leave the lookup to run time instead of failing on a missing module.
const API_PACKAGE = '@opentelemetry/api';
let cached: OpenTelemetryApi | null | undefined;

/** The installed `@opentelemetry/api`, or undefined when there is none (tracing is then a no-op). */
export function loadOpenTelemetry(): OpenTelemetryApi | undefined {
  if (cached === undefined) {
    try {
      cached = createRequire(typeof __filename === 'string' ? __filename : import.meta.url)(API_PACKAGE) as OpenTelemetryApi;
    } catch {
      cached = null;
    }
  }
  return cached ?? undefined;
}
