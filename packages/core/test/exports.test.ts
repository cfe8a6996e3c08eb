/**
 * The public names of each built entry point (turbo builds before it tests). Adding or removing an
 * export changes a snapshot here, so it is a decision made in review, not an accident.
 */
import { readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const dist = (file: string) => new URL(`../dist/${file}`, import.meta.url);
/** Runtime names of a module, as `import * as m` or `require()` sees them. */
const names = (mod: object) =>
  Object.keys(mod)
    .filter((name) => name !== 'default')
    .sort();
/** The ESM file's names, after checking its CJS twin exports the same ones. */
async function entry(esm: string, cjs: string): Promise<string[]> {
  const esmNames = names(await import(dist(esm).href));
  expect(names(require(dist(cjs).pathname))).toEqual(esmNames);
  return esmNames;
}

describe('exports of the built entry points', () => {
  it('@fyno-kit/core (node build: dist/index.js, dist/index.cjs)', async () => {
    expect(await entry('index.js', 'index.cjs')).toMatchInlineSnapshot(`
      [
        "CHANNELS",
        "Fyno",
        "FynoAbortError",
        "FynoApiError",
        "FynoAuthenticationError",
        "FynoBadRequestError",
        "FynoBulkPartialError",
        "FynoConflictError",
        "FynoConnectionError",
        "FynoError",
        "FynoNotFoundError",
        "FynoOtpRejectedError",
        "FynoPayloadTooLargeError",
        "FynoPermissionError",
        "FynoProfileExistsError",
        "FynoQueue",
        "FynoQueueClosedError",
        "FynoQueueFullError",
        "FynoRateLimitError",
        "FynoServerError",
        "FynoTimeoutError",
        "FynoValidationError",
        "PREFERENCE_CHANNELS",
        "Preferences",
        "Profiles",
        "Properties",
        "Suppressions",
        "VERSION",
        "Verify",
        "drainOnSignals",
      ]
    `);
  });

  it("@fyno-kit/core (browser-safe build: dist/index.web.js, dist/index.web.cjs) exports exactly the node build's names", async () => {
    // Both builds share one set of type declarations, so they must share one set of names.
    expect(await entry('index.web.js', 'index.web.cjs')).toEqual(await entry('index.js', 'index.cjs'));
  });

  it('@fyno-kit/core/inbox (dist/inbox/index.js, dist/inbox/index.cjs)', async () => {
    expect(await entry('inbox/index.js', 'inbox/index.cjs')).toMatchInlineSnapshot(`
      [
        "IDLE_INBOX_STATE",
        "InboxError",
        "createInbox",
        "fetchSession",
      ]
    `);
  });

  it('@fyno-kit/core/app-types (dist/app-types/index.js, dist/app-types/index.cjs) is types only: no runtime names', async () => {
    expect(await entry('app-types/index.js', 'app-types/index.cjs')).toEqual([]);
  });

  it('@fyno-kit/core/server (dist/server/index.js, dist/server/index.cjs)', async () => {
    expect(await entry('server/index.js', 'server/index.cjs')).toMatchInlineSnapshot(`
      [
        "DEFAULT_BODY_TIMEOUT_MS",
        "DEFAULT_INAPP_URL",
        "DEFAULT_NOTIFY_MAX_BODY_BYTES",
        "DEFAULT_PREFERENCES_DEFAULTS_PROFILE",
        "DEFAULT_PREFERENCES_MAX_BODY_BYTES",
        "DEFAULT_PREFERENCES_RATE_LIMIT",
        "DEFAULT_RATE_LIMIT",
        "MAX_PREFERENCE_CHANGES",
        "NOTIFY_ERROR_CODES",
        "NOTIFY_ERROR_MESSAGES",
        "NOTIFY_ERROR_STATUS",
        "PREFERENCES_ERROR_CODES",
        "PREFERENCES_ERROR_MESSAGES",
        "PREFERENCES_ERROR_STATUS",
        "createInappSessionHandler",
        "createNotifyHandler",
        "createNotifyRoute",
        "createPreferencesHandler",
        "defineNotifyPolicy",
        "definePreferencesPolicy",
      ]
    `);
  });

  it('@fyno-kit/core/adapter (dist/adapter/index.js, dist/adapter/index.cjs)', async () => {
    expect(await entry('adapter/index.js', 'adapter/index.cjs')).toMatchInlineSnapshot(`
      [
        "DEFAULT_BODY_TIMEOUT_MS",
        "announcesBody",
        "answerText",
        "armBodyReadDeadline",
        "bodyTimeoutError",
        "checkEnqueueKey",
        "chooseOpenTelemetry",
        "createDeliveryReportRoute",
        "createInappSessionRoute",
        "createNotifyRoute",
        "createPreferencesRoute",
        "createTelemetry",
        "isClientGone",
        "isFynoClient",
        "isParserError",
        "nodeBodySource",
        "nodeExchange",
        "nodeHeader",
        "nodeSink",
        "openTelemetryChoiceOf",
        "reportError",
        "serveExchange",
        "telemetryOf",
        "traceContext",
        "traceLinks",
        "validateEventName",
        "validatePayload",
        "webHandler",
        "withSpan",
      ]
    `);
  });

  it('@fyno-kit/core/adapter/node (dist/adapter/node.js, dist/adapter/node.cjs)', async () => {
    expect(await entry('adapter/node.js', 'adapter/node.cjs')).toMatchInlineSnapshot(`
      [
        "loadOpenTelemetry",
      ]
    `);
  });

  it('@fyno-kit/core/webhooks (dist/webhooks/index.js, dist/webhooks/index.cjs)', async () => {
    expect(await entry('webhooks/index.js', 'webhooks/index.cjs')).toMatchInlineSnapshot(`
      [
        "DEFAULT_REPORT_MAX_BODY_BYTES",
        "DeliveryReportParseError",
        "FynoSignatureError",
        "REPORT_ERROR_STATUS",
        "SIGNATURE_HEADER",
        "createDeliveryReportHandler",
        "createDeliveryReportRoute",
        "parseDeliveryReport",
        "verifyDeliveryReport",
      ]
    `);
  });

  it('@fyno-kit/core/adapter imports nothing Node-only (web hosts use it); the loader is in adapter/node alone', () => {
    const adapter = staticImports('adapter/index.js');
    const node = staticImports('adapter/node.js');
    // The walk can fail: it does find the loader's `node:module` (esbuild writes it `module`).
    expect(node.filter(isNodeBuiltin)).toEqual(['module']);
    expect(adapter.filter(isNodeBuiltin)).toEqual([]);
  });
});

const isNodeBuiltin = (specifier: string) => specifier.startsWith('node:') || builtinModules.includes(specifier);

/** The bare specifiers a built ESM file imports statically, through every chunk it imports. */
function staticImports(file: string, seen = new Set<string>()): string[] {
  const url = dist(file);
  if (seen.has(url.href)) return [];
  seen.add(url.href);
  const bare: string[] = [];
  for (const [, specifier] of readFileSync(url, 'utf8').matchAll(/^(?:import|export)\b[^'"]*?['"]([^'"]+)['"]/gm)) {
    if (specifier!.startsWith('.')) bare.push(...staticImports(new URL(specifier!, url).pathname.slice(dist('').pathname.length), seen));
    else bare.push(specifier!);
  }
  return [...new Set(bare)].sort();
}
