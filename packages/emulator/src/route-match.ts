/**
 * Matches path segments against a table of `{ method, pattern }` routes. Patterns are compiled
 * once into segment lists bucketed by length, so a request costs a few string compares and no
 * regexes. A path that exists under another method gives the `Allow` list for a 405.
 */

/** What the matcher needs of a route: its method and a pattern such as `/profiles/:distinct_id`. */
export interface RoutePattern {
  readonly method: string;
  readonly pattern: string;
}

/** Result of matching: a route with its decoded parameters, a known path under the wrong method, or nothing. */
export type Match<R> = { kind: 'route'; route: R; params: Readonly<Record<string, string>> } | { kind: 'method'; allow: string } | { kind: 'none' };

interface Compiled<R> {
  route: R;
  /** A literal segment, or `null` where the pattern has a parameter. */
  literals: (string | null)[];
  /** Parameter names by segment index (`undefined` for literals). */
  names: (string | undefined)[];
}

const NONE = { kind: 'none' } as const;
const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

/** A compiled route table. Construction throws on a malformed pattern. */
export class RouteTable<R extends RoutePattern> {
  private readonly byLength = new Map<number, Compiled<R>[]>();

  constructor(readonly routes: readonly R[]) {
    for (const route of routes) {
      const compiled = compile(route);
      const n = compiled.literals.length;
      const bucket = this.byLength.get(n);
      if (bucket) bucket.push(compiled);
      else this.byLength.set(n, [compiled]);
    }
  }

  /**
   * Match `segs[start..end)` (the pieces of `path.split('/')` after a prefix). A parameter
   * matches any non-empty segment and is percent-decoded; literals match exactly.
   */
  match(method: string, segs: readonly string[], start: number, end: number): Match<R> {
    const bucket = this.byLength.get(end - start);
    if (bucket === undefined) return NONE;
    let allow: string | undefined;
    for (const c of bucket) {
      if (!fits(c, segs, start)) continue;
      if (c.route.method === method) return { kind: 'route', route: c.route, params: params(c, segs, start) };
      allow = allow === undefined ? c.route.method : `${allow}, ${c.route.method}`;
    }
    return allow === undefined ? NONE : { kind: 'method', allow };
  }
}

function compile<R extends RoutePattern>(route: R): Compiled<R> {
  const { pattern } = route;
  if (!pattern.startsWith('/') || pattern.length < 2) throw new Error(`Bad route pattern: ${pattern}`);
  const literals: (string | null)[] = [];
  const names: (string | undefined)[] = [];
  for (const seg of pattern.slice(1).split('/')) {
    if (seg === '' || seg === ':') throw new Error(`Bad route pattern: ${pattern}`);
    const isParam = seg.startsWith(':');
    literals.push(isParam ? null : seg);
    names.push(isParam ? seg.slice(1) : undefined);
  }
  return { route, literals, names };
}

function fits<R>(c: Compiled<R>, segs: readonly string[], start: number): boolean {
  const { literals } = c;
  for (let i = 0; i < literals.length; i++) {
    const seg = segs[start + i];
    const literal = literals[i];
    if (literal === null ? seg === undefined || seg === '' : seg !== literal) return false;
  }
  return true;
}

function params<R>(c: Compiled<R>, segs: readonly string[], start: number): Readonly<Record<string, string>> {
  let out: Record<string, string> | undefined;
  for (let i = 0; i < c.names.length; i++) {
    const name = c.names[i];
    if (name === undefined) continue;
    out ??= {};
    out[name] = decode(segs[start + i] as string);
  }
  return out ?? NO_PARAMS;
}

function decode(segment: string): string {
  if (segment.indexOf('%') === -1) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
