/** Where `useNotify()` sends: an optional provider, so a page without one still uses the default route. */
import { createContext, useMemo, type ReactElement, type ReactNode } from 'react';
import type { NotifyConfig } from './request';

/** @internal Read by `useNotify()`; an empty config means the default endpoint and the global fetch. */
export const FynoContext = /* @__PURE__ */ createContext<NotifyConfig>({});

/** Props of {@link FynoProvider}. Every field is optional. */
export interface FynoProviderProps extends NotifyConfig {
  children?: ReactNode;
}

/**
 * Sets the notify route (default `/api/fyno/notify`), extra headers, `credentials` (default
 * `same-origin`) and an optional `fetch` for every `useNotify()` below it. Optional: without it the
 * hook uses the defaults. Renders nothing of its own, so it is safe in server rendering.
 *
 * @example
 * <FynoProvider endpoint="/api/fyno/notify" headers={{ 'X-CSRF-Token': csrf }}>
 *   <App />
 * </FynoProvider>
 */
export function FynoProvider({ children, endpoint, headers, credentials, fetch }: FynoProviderProps): ReactElement {
  const value = useMemo(() => ({ endpoint, headers, credentials, fetch }), [endpoint, headers, credentials, fetch]);
  return <FynoContext.Provider value={value}>{children}</FynoContext.Provider>;
}
