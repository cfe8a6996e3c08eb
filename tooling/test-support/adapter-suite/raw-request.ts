/** Requests that fetch cannot make: a body announced but cut short, then a wait, a FIN or an RST. */
import { connect } from 'node:net';

/** What came back on a raw socket: the status and body, and whether the server closed the socket. */
export interface RawAnswer {
  status: number | undefined;
  body: string;
  closedByServer: boolean;
}

/** Decodes an HTTP/1.1 chunked body (ASCII JSON here, so characters and bytes agree). */
function unchunk(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const eol = text.indexOf('\r\n', at);
    if (eol < 0) return out;
    const size = Number.parseInt(text.slice(at, eol), 16);
    if (!(size > 0)) return out;
    out += text.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

/**
 * Sends a POST by hand over a socket: the headers, a part of the announced body, then waits for the
 * answer ('wait'), half-closes ('fin') or resets ('rst'). What fetch cannot do.
 */
export function rawRequest(url: string, init: { contentLength: number; sendBytes: string; then: 'wait' | 'fin' | 'rst'; user?: string }): Promise<RawAnswer> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    let closedByServer = false;
    const timer = setTimeout(() => socket.destroy(), 8_000);
    socket.on('connect', () => {
      socket.write(
        `POST ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\n` +
          `X-Test-User: ${init.user ?? 'u_raw'}\r\nContent-Length: ${init.contentLength}\r\n\r\n${init.sendBytes}`,
      );
      if (init.then === 'fin') setTimeout(() => socket.end(), 20);
      if (init.then === 'rst') setTimeout(() => socket.resetAndDestroy(), 20);
    });
    let grace: ReturnType<typeof setTimeout> | undefined;
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      // A whole answer is in: give the server a second to close, then stop waiting (a host that keeps
      // the connection open answers `closedByServer: false`, not a timeout).
      const split = received.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: (\d+)\r\n/i.exec(received.slice(0, split + 2))?.[1];
      if (init.then === 'wait' && grace === undefined && split >= 0 && length !== undefined && received.length - split - 4 >= Number(length)) {
        grace = setTimeout(() => socket.destroy(), 1_000);
      }
    });
    socket.on('end', () => (closedByServer = init.then === 'wait'));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      clearTimeout(grace);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1];
      const split = received.indexOf('\r\n\r\n');
      let body = split < 0 ? '' : received.slice(split + 4);
      if (/\r\ntransfer-encoding: chunked\r\n/i.test(received.slice(0, split + 2))) body = unchunk(body);
      resolve({ status: status === undefined ? undefined : Number(status), body, closedByServer });
    });
    socket.on('timeout', reject);
  });
}
