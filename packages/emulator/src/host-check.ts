/**
 * Which `Host` may reach the control routes (`/_emulator/*`) and the inbox page. Through DNS
 * rebinding a web page can make the browser send requests for `evil.example` to 127.0.0.1: the
 * socket is local, but the `Host` header still names the page's domain. So only the names a
 * developer types for a local emulator pass (`localhost`, `127.0.0.1`, `[::1]`, the address the
 * request arrived on) plus those the user allows; the API (`/v1/…`) accepts any Host, so
 * `http://emulator:4010` keeps working in Docker and CI.
 */
import type { IncomingMessage } from 'node:http';

const LOCAL_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The host part of a Host header, lower-cased, IPv6 kept in brackets; `undefined` when unreadable. */
export function hostName(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end < 0 ? undefined : value.slice(0, end + 1);
  }
  const colon = value.indexOf(':');
  const name = colon < 0 ? value : value.slice(0, colon);
  return name === '' ? undefined : name;
}

/** The address a request arrived on, as a Host header would name it. */
function localNames(req: IncomingMessage): string[] {
  const address = req.socket.localAddress;
  if (address === undefined) return [];
  // An IPv4 client on a dual-stack socket shows up as ::ffff:a.b.c.d.
  if (address.startsWith('::ffff:') && address.includes('.')) return [address.slice('::ffff:'.length)];
  return address.includes(':') ? [`[${address.toLowerCase()}]`] : [address];
}

/** Normalises user-given names (`--allow-host`): lower case, IPv6 in brackets, no port; `*` allows any. */
export function allowedHostSet(hosts: readonly string[] | undefined): ReadonlySet<string> {
  const set = new Set<string>();
  for (const host of hosts ?? []) {
    const trimmed = host.trim().toLowerCase();
    if (trimmed === '*') set.add('*');
    else if (trimmed.includes(':') && !trimmed.startsWith('[') && trimmed.split(':').length > 2) set.add(`[${trimmed}]`);
    else {
      const name = hostName(trimmed);
      if (name !== undefined) set.add(name);
    }
  }
  return set;
}

/** True when `req` may reach the control routes and the inbox page. */
export function isAllowedHost(req: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  if (allowed.has('*')) return true;
  const name = hostName(req.headers.host);
  if (name === undefined) return false;
  // `*.localhost` always resolves to loopback (RFC 6761), so no rebinding page can use it.
  return LOCAL_NAMES.has(name) || name.endsWith('.localhost') || allowed.has(name) || localNames(req).includes(name);
}
