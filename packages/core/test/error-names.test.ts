/**
 * Every error's `name` survives a minifying bundler (Nitro minifies a Nuxt server build; esbuild and
 * Vite do with `minify`): users branch on `error.name`, and the routes' log line prints it. Built here
 * with esbuild's minifier, which renames the classes.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const api = { status: 400, body: {}, requestId: 'r' };
/** Constructor arguments per class (the rest take a message). */
const ARGS: Record<string, unknown[]> = {
  FynoError: ['m', 'validation_error'],
  FynoTimeoutError: [100],
  FynoAbortError: [],
  FynoBulkPartialError: [1, [], new Error('x')],
  FynoQueueFullError: [10],
  FynoQueueClosedError: [],
  FynoSignatureError: ['mismatch', 'm'],
};

it('every error class keeps its name when the bundle is minified', async () => {
  const out = await build({
    stdin: {
      contents:
        "export * from './errors'; export { FynoSignatureError } from './webhooks/signature-error'; export { DeliveryReportParseError } from './webhooks/report';",
      resolveDir: src,
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
  });
  const mod = (await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0]!.text).toString('base64')}`)) as Record<string, unknown>;
  const classes = Object.entries(mod).filter(
    (entry): entry is [string, new (...args: unknown[]) => Error] => typeof entry[1] === 'function' && entry[1].prototype instanceof Error,
  );
  expect(classes.length).toBeGreaterThanOrEqual(21);
  // The minifier did rename them (else this test could not fail).
  expect(classes.filter(([name, C]) => C.name !== name).length).toBeGreaterThan(0);
  for (const [name, C] of classes) {
    const error = new C(
      ...(ARGS[name] ??
        (name.endsWith('ApiError') ||
        /Request|Authentication|Permission|NotFound|Conflict|PayloadTooLarge|RateLimit|Server|ProfileExists|OtpRejected/.test(name)
          ? ['m', api, 'u']
          : ['m'])),
    );
    expect({ name, got: error.name }).toEqual({ name, got: name });
  }
});
