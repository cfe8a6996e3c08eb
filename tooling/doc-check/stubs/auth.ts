/**
 * Stand-in for an app's own `@/auth` module (Auth.js / NextAuth's `auth()`), so guide code that
 * imports it type-checks. Only its type matters: doc blocks are compiled, never run.
 */
export declare function auth(): Promise<{ user?: { id?: string; email?: string | null } } | null>;
