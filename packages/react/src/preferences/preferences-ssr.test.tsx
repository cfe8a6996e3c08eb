// @vitest-environment node
/** Server rendering of the preferences entry: pending (or `initialData`), and no request. */
import { version as reactVersion } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { usePreferences, type PreferencesView } from './index';

function Panel({ initialData, fetch }: { initialData?: PreferencesView; fetch: typeof globalThis.fetch }) {
  const { status, data } = usePreferences({ initialData, fetch });
  return <span>{`${status}:${data?.sections.map((s) => s.name).join(',') ?? 'none'}`}</span>;
}

describe(`preferences server rendering on React ${reactVersion}`, () => {
  it('renders pending, or the initial data, without calling the route', () => {
    let asked = 0;
    const fetch = async () => {
      asked++;
      throw new Error('never on the server');
    };
    expect(renderToString(<Panel fetch={fetch} />)).toContain('pending:none');
    expect(renderToString(<Panel fetch={fetch} initialData={{ sections: [{ name: 'Orders', topics: [] }], global: [] }} />)).toContain('success:Orders');
    expect(asked).toBe(0);
  });
});
