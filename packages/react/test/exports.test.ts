// @vitest-environment node
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
  it('@fyno-kit/react (dist/index.js, dist/index.cjs)', async () => {
    const esm = names(await import(dist('index.js').href));
    expect(names(require(dist('index.cjs').pathname))).toEqual(esm);
    expect(esm).toMatchInlineSnapshot(`
      [
        "FynoProvider",
        "NotifyError",
        "createNotifyClient",
        "isNotifyError",
        "useNotify",
      ]
    `);
  });

  it('@fyno-kit/react/preferences (dist/preferences.js, dist/preferences.cjs)', async () => {
    const esm = names(await import(dist('preferences.js').href));
    expect(names(require(dist('preferences.cjs').pathname))).toEqual(esm);
    expect(esm).toMatchInlineSnapshot(`
      [
        "DEFAULT_PREFERENCES_ENDPOINT",
        "NotifyError",
        "isNotifyError",
        "usePreferences",
      ]
    `);
  });
});
