/**
 * `InboxProvider`: one in-app connection per provider, shared by every `useInbox()` below it. The
 * connection opens in an effect, so nothing connects during server rendering.
 */
import { createInbox, type Inbox, type InboxOptions } from '@fyno-kit/core/inbox';
import { createContext, useEffect, useState, type ReactElement, type ReactNode } from 'react';

/** @internal Read by `useInbox()`: the provider's inbox, or null before it connects (and on the server). */
export const InboxContext = /* @__PURE__ */ createContext<Inbox | null | undefined>(undefined);

/** Props of {@link InboxProvider}: the core inbox's options, plus children. */
export interface InboxProviderProps extends Omit<InboxOptions, 'connect'> {
  children?: ReactNode;
}

/**
 * Opens the signed-in user's inbox for every `useInbox()` below it. `session` is the session route
 * (default `/api/fyno/inapp-session`) or a function returning a session. Changing `session` reopens
 * the connection; the other options are read when it opens.
 *
 * @example
 * <InboxProvider session="/api/fyno/inapp-session"><Bell /></InboxProvider>
 */
export function InboxProvider({ children, session, ...options }: InboxProviderProps): ReactElement {
  const [inbox, setInbox] = useState<Inbox | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: one connection per session source; options such as callbacks are read when it opens
  useEffect(() => {
    const created = createInbox({ ...options, ...(session === undefined ? {} : { session }) });
    setInbox(created);
    return () => {
      created.close();
      setInbox(null);
    };
  }, [session]);
  return <InboxContext.Provider value={inbox}>{children}</InboxContext.Provider>;
}
