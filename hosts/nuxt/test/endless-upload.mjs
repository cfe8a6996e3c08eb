// A sender that keeps sending past a route's body cap: a raw socket that writes 64 kB chunks to
// `path` for `ms` (or until the server closes the connection), with a huge Content-Length or chunked,
// and what it cost the server process `pid` (its RSS from /proc) and what came back.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const CHUNK = Buffer.alloc(64 * 1024, 'a');
const FRAMED = Buffer.concat([Buffer.from(`${CHUNK.length.toString(16)}\r\n`), CHUNK, Buffer.from('\r\n')]);

/** The resident set of process `pid`, in MB. */
export const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

/**
 * @param {{ port: number, pid: number, path: string, framing: 'content-length' | 'chunked', ms: number }} options
 * @returns {Promise<{ rssGrowthMb: number, takenMb: number, closedByServer: boolean, closedAfterMs?: number, status?: number }>}
 */
export async function endlessUpload({ port, pid, path, framing, ms }) {
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let answer = '';
  let closedAfterMs;
  const start = Date.now();
  socket.on('data', (d) => (answer += d));
  socket.on('error', () => {});
  socket.on('close', () => (closedAfterMs = Date.now() - start));
  const length = framing === 'chunked' ? 'transfer-encoding: chunked' : 'content-length: 1000000000';
  socket.write(`POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n${length}\r\n\r\n`);
  const before = rssMb(pid);
  let peak = before;
  while (Date.now() - start < ms && closedAfterMs === undefined) {
    if (!socket.write(framing === 'chunked' ? FRAMED : CHUNK)) await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), sleep(100)]);
    peak = Math.max(peak, rssMb(pid));
  }
  // What left this process: the bytes written minus what still waits in its own buffer.
  const taken = socket.bytesWritten - socket.writableLength;
  socket.destroy();
  const status = /^HTTP\/1\.1 (\d+)/.exec(answer)?.[1];
  return {
    rssGrowthMb: Math.round(peak - before),
    takenMb: Math.round(taken / 2 ** 20),
    closedByServer: closedAfterMs !== undefined,
    ...(closedAfterMs !== undefined ? { closedAfterMs } : {}),
    ...(status ? { status: Number(status) } : {}),
  };
}
