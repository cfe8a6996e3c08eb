/**
 * Finds `@opentelemetry/api` (an optional peer) on Node, synchronously, so the first call of a new
 * client is traced too. It resolves from this file (`__filename` in the CJS build, `import.meta.url`
 * in the ESM build), as a peer should. The ESM and CJS copies of the API share one global
 * registration, so whichever copy the app registered its SDK with is seen here.
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
