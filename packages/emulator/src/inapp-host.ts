/**
 * The Host rule of the in-app server: like the control routes, it answers only requests whose
 * Host names this machine (or a host the user allowed), so a web page on another origin cannot
 * reach it through DNS rebinding.
 */

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** A Host check that accepts loopback names, the bound interface and `allowHosts`. */
export function hostRule(boundHost: string, allowHosts: readonly string[] = []): (host: string | undefined) => boolean {
  const allowed = new Set([...LOOPBACK, boundHost.toLowerCase(), ...allowHosts.map((h) => h.toLowerCase())]);
  if (allowHosts.includes('*')) return () => true;
  return (host) => {
    if (host === undefined || host === '') return false;
    const name = hostName(host.toLowerCase());
    return allowed.has(name) || name.endsWith('.localhost');
  };
}

/** `host:port` → `host`, keeping `[v6]` brackets. */
function hostName(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end === -1 ? host : host.slice(0, end + 1);
  }
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}
