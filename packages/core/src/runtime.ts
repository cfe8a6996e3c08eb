/**
 * Which non-Node runtime this is, for the few places that must not take Node's path there: Bun
 * ships a partial `undici` of its own (its pool has no working `request` or `close`), and Bun, Deno
 * and workerd are to use `fetch` and Web Crypto, not a Node compatibility layer.
 */
export type NonNodeRuntime = 'bun' | 'deno' | 'workerd';

/** `bun`, `deno` or `workerd` when running there; `undefined` on Node (and anything else). */
export function nonNodeRuntime(): NonNodeRuntime | undefined {
  const g = globalThis as { Bun?: unknown; Deno?: unknown; navigator?: { userAgent?: unknown } };
  if (g.Bun !== undefined) return 'bun';
  if (g.Deno !== undefined) return 'deno';
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  return undefined;
}
