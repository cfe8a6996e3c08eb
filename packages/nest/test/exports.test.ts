/**
 * The public names of the built entry point (turbo builds before it tests). Adding or removing an
 * export changes the snapshot here, so it is a decision made in review, not an accident.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const dist = (file: string) => new URL(`../dist/${file}`, import.meta.url);
/** Runtime names of a module, as `import * as m` or `require()` sees them. */
const names = (mod: object) =>
  Object.keys(mod)
    .filter((name) => name !== 'default')
    .sort();

describe('exports of the built entry point', () => {
  it('@fyno-kit/nest (dist/index.js, dist/index.cjs)', async () => {
    const esm = names(await import(dist('index.js').href));
    expect(names(require(dist('index.cjs').pathname))).toEqual(esm);
    expect(esm).toMatchInlineSnapshot(`
      [
        "DEFAULT_INAPP_SESSION_PATH",
        "DEFAULT_NOTIFY_PATH",
        "DEFAULT_PREFERENCES_PATH",
        "DEFAULT_SHUTDOWN_TIMEOUT_MS",
        "FYNO_CLIENT",
        "FYNO_MODULE_OPTIONS",
        "FYNO_QUEUE",
        "FynoModule",
        "FynoNotifyRefusal",
        "FynoRoutes",
        "InjectFyno",
        "InjectFynoQueue",
        "createInappSessionController",
        "createPreferencesController",
      ]
    `);
  });
});
