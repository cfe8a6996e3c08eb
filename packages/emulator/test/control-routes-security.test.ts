/**
 * What the control routes (`/_emulator/*`) and the inbox page refuse, through the built CLI over real
 * sockets: a web page's cross-site POST (no preflight, so not JSON), a fault count that would exhaust
 * memory, and a Host a DNS-rebinding page would send; the API (`/v1/…`) still takes any Host.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const API_KEY = 'sec-cli-key';
const WSID = 'FYSEC00001';
const children: ChildProcess[] = [];

afterEach(async () => {
  await Promise.all(
    children.splice(0).map((child) => {
      if (child.exitCode !== null || child.signalCode !== null) return undefined;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      return exited;
    }),
  );
});

/** Starts the CLI on a free port (Node flags first, e.g. a small heap) and resolves with its origin. */
async function startCli(args: string[], nodeFlags: string[] = []): Promise<{ origin: string; port: number; child: ChildProcess }> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run the build before the tests`);
  const child = spawn(process.execPath, [...nodeFlags, cli, '--port', '0', '--quiet', '--workspace-id', WSID, '--api-key', API_KEY, ...args]);
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  const banner = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c) => {
      out += c;
      if (out.includes('api key:')) resolve(out);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  const baseUrl = /base URL:\s+(\S+)/.exec(banner)![1]!;
  const origin = baseUrl.replace(/\/v1$/, '');
  return { origin, port: Number(new URL(origin).port), child };
}

/** One request over a socket with the exact headers given (fetch would not let us set Host). */
function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, headers: { ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const local = (port: number) => ({ host: `127.0.0.1:${port}` });
const event = JSON.stringify({ event: 'known', to: { email: 'a@x.io' } });
const fire = (port: number, host = `127.0.0.1:${port}`) =>
  send(port, 'POST', `/v1/${WSID}/live/event`, { host, authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, event);
const failNextBody = JSON.stringify({ count: 2, fault: { status: 500 } });

describe('the emulator CLI control routes', () => {
  it('refuse a state change that is not Content-Type: application/json (what a cross-site page can send without a preflight)', async () => {
    const { port } = await startCli([]);
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
      const headers: Record<string, string> = { ...local(port) };
      if (type !== undefined) headers['content-type'] = type;
      expect((await send(port, 'POST', '/_emulator/fail-next', headers, failNextBody)).status).toBe(415);
      expect((await send(port, 'PUT', '/_emulator/faults', headers, JSON.stringify({ error5xxRate: 1 }))).status).toBe(415);
    }
    // Nothing was injected: the API still answers 202.
    expect((await fire(port)).status).toBe(202);
    // The same call as JSON works.
    expect((await send(port, 'POST', '/_emulator/fail-next', { ...local(port), 'content-type': 'application/json' }, failNextBody)).status).toBe(204);
    expect((await fire(port)).status).toBe(500);
    expect((await fire(port)).status).toBe(500);
    expect((await fire(port)).status).toBe(202);
  });

  it('bound fail-next count, and keep it as a counter: a million faults fit in a 48 MB heap', async () => {
    const { port, child } = await startCli([], ['--max-old-space-size=48']);
    const json = { ...local(port), 'content-type': 'application/json' };
    for (const count of [1e9, 1_000_001, 0, -1, 1.5, '3']) {
      const res = await send(port, 'POST', '/_emulator/fail-next', json, JSON.stringify({ count, fault: { status: 503 } }));
      expect({ count, status: res.status }).toEqual({ count, status: 400 });
    }
    expect((await send(port, 'POST', '/_emulator/fail-next', json, JSON.stringify({ count: 1_000_000, fault: { status: 503 } }))).status).toBe(204);
    for (let i = 0; i < 3; i++) expect((await fire(port)).status).toBe(503);
    expect((await send(port, 'GET', '/_emulator/health', local(port))).status).toBe(200);
    expect(child.exitCode).toBeNull();
  });

  it('answer only a local Host (DNS rebinding names another); the API accepts any Host', async () => {
    const { port } = await startCli([]);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`, 'localhost']) {
      expect({ host, status: (await send(port, 'GET', '/_emulator/messages', { host })).status }).toEqual({ host, status: 200 });
    }
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1.evil.example:${port}`, `emulator:${port}`, `localhost.evil.example`]) {
      for (const [method, path] of [
        ['GET', '/_emulator/messages'],
        ['GET', '/'],
        ['GET', '/_emulator/requests'],
        ['DELETE', '/_emulator/messages'],
      ] as const) {
        const res = await send(port, method, path, { host });
        expect({ host, path, status: res.status }).toEqual({ host, path, status: 403 });
        expect(res.text).toContain('--allow-host');
        expect(res.text).not.toContain('a@x.io');
      }
      const post = await send(port, 'POST', '/_emulator/fail-next', { host, 'content-type': 'application/json' }, failNextBody);
      expect(post.status).toBe(403);
      // The API takes the Docker/CI name (`http://emulator:4010`) and anything else.
      expect((await fire(port, host)).status).toBe(202);
    }
  });

  it('--allow-host lets a named Host through (Docker: http://emulator:4010); others stay refused', async () => {
    const { port } = await startCli(['--allow-host', 'emulator', '--allow-host', 'Demo.Test:3000']);
    expect((await send(port, 'GET', '/_emulator/messages', { host: `emulator:${port}` })).status).toBe(200);
    expect((await send(port, 'GET', '/', { host: 'demo.test' })).status).toBe(200);
    expect((await send(port, 'GET', '/_emulator/messages', { host: 'evil.example' })).status).toBe(403);
  });
});
