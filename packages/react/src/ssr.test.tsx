// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { version as reactVersion } from 'react';
import { renderToString } from 'react-dom/server';
import { createRequire } from 'node:module';

const BROWSER_GLOBALS = ['window', 'document', 'navigator', 'location', 'localStorage', 'fetch', 'crypto', 'AbortController'];

/** Makes every browser global a getter that records the read, so a touch is seen, not just a crash. */
function watchGlobals(): string[] {
  const touched: string[] = [];
  for (const name of BROWSER_GLOBALS) {
    const original = Object.getOwnPropertyDescriptor(globalThis, name);
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name);
        return undefined;
      },
    });
    restores.push(() => {
      if (original) Object.defineProperty(globalThis, name, original);
      else delete (globalThis as Record<string, unknown>)[name];
    });
  }
  return touched;
}
const restores: Array<() => void> = [];
afterEach(() => {
  restores.splice(0).forEach((restore) => restore());
  vi.resetModules();
});

describe(`server rendering on React ${reactVersion}`, () => {
  it('runs without window or document, on the React major this config asked for', () => {
    expect(reactVersion.split('.')[0]).toBe(process.env.EXPECT_REACT_MAJOR);
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('imports the module and renders the provider and hook without reading a browser global', async () => {
    const touched = watchGlobals();
    const { FynoProvider, useNotify } = await import('./index');
    function Button() {
      const { status, isPending, notify } = useNotify();
      return (
        <button disabled={isPending} onClick={() => notify('order_shipped', {})}>
          {status}
        </button>
      );
    }
    const withProvider = renderToString(
      <FynoProvider endpoint="/api/fyno/notify" headers={{ 'X-CSRF-Token': 't' }}>
        <Button />
      </FynoProvider>,
    );
    const withoutProvider = renderToString(<Button />);
    expect(withProvider).toBe('<button>idle</button>');
    expect(withoutProvider).toBe('<button>idle</button>');
    expect(touched).toEqual([]);
  });

  it('imports the built ESM and CJS files without reading a browser global', async () => {
    const touched = watchGlobals();
    // Paths, not specifiers: `tsc` (the typecheck task) runs before the build and must not need dist.
    const esm = await import(/* @vite-ignore */ new URL('../dist/index.js', import.meta.url).href);
    const cjs = createRequire(import.meta.url)('../dist/index.cjs');
    expect(typeof esm.useNotify).toBe('function');
    expect(typeof cjs.useNotify).toBe('function');
    expect(typeof cjs.FynoProvider).toBe('function');
    expect(touched).toEqual([]);
  });
});
