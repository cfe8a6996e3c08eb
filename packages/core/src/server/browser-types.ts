/**
 * Type helpers for the browser side: the event names and data a policy allows, as `useNotify<typeof
 * policy>()` reads them. Types only; nothing here runs.
 */

type InputOf<R> = R extends { data: infer D }
  ? D extends { readonly '~standard': { readonly types?: infer T } }
    ? NonNullable<T> extends { readonly input: infer I }
      ? I
      : Record<string, unknown>
    : D extends (data: infer I) => any
      ? unknown extends I
        ? Record<string, unknown>
        : I
      : D extends { parse(value: unknown): infer O }
        ? O
        : D extends { safeParse(value: unknown): { success: true; data: infer O } | any }
          ? O
          : Record<string, unknown>
  : Record<string, unknown> | undefined;

/** Event names a policy allows. */
export type NotifyEventName<P> = P extends { events: infer E } ? Extract<keyof E, string> : string;

/** The data the browser sends for event `E` of policy `P`. */
export type NotifyEventData<P, E extends string> = P extends { events: infer Ev }
  ? E extends keyof Ev
    ? InputOf<Ev[E]>
    : never
  : Record<string, unknown> | undefined;
