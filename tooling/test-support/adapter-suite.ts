/**
 * The notify route's contract, written once and run over real HTTP against every adapter and host
 * (Express 4 and 5, Fastify, Nest, Koa, Lambda, the web-standard handler and the hosts/), with the
 * emulator upstream. The adapter, the emulator, the client and the validator are passed in. The cases
 * are in adapter-suite/, one file per group, sharing the set-up of adapter-suite/context.ts.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { acceptedCases } from './adapter-suite/accepted';
import { bodyCases } from './adapter-suite/body';
import { suiteContext } from './adapter-suite/context';
import { hostileCases } from './adapter-suite/hostile';
import { idempotencyKeyCases } from './adapter-suite/idempotency-key';
import { rateLimitCases } from './adapter-suite/rate-limit';
import { requestCases } from './adapter-suite/request';
import type { AdapterSuiteOptions } from './adapter-suite/types';
import { upstreamCases } from './adapter-suite/upstream';
import { whoAsksCases } from './adapter-suite/who-asks';

export { SUITE_REQUEST_TIMEOUT_MS } from './slow-body-case';
export {
  type AdapterSuiteOptions,
  type StartedApp,
  SUITE_ERROR_CODES,
  type SuiteClientOptions,
  type SuiteEmulator,
  type SuitePolicy,
  type SuiteRecipe,
  type SuiteSync,
} from './adapter-suite/types';

/** Runs the whole notify-route contract against one adapter. */
export function runAdapterSuite(name: string, options: AdapterSuiteOptions): void {
  describe(`notify route contract: ${name}`, () => {
    const s = suiteContext(options);
    acceptedCases(s);
    whoAsksCases(s);
    bodyCases(s);
    requestCases(s);
    rateLimitCases(s);
    idempotencyKeyCases(s);
    upstreamCases(s);
    hostileCases(s);

    it('leaks the API key nowhere: no answer body or header, no error handed to onError', () => {
      expect(s.answers.length).toBeGreaterThan(50);
      for (const { error } of s.reported) {
        const text = inspect(error, { depth: 8, showHidden: true });
        expect(text).not.toContain(s.apiKey);
        expect(text).not.toContain(s.wrongKey);
      }
    });
  });
}
