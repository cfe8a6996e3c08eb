/** The built CLI (dist/cli.js): starts, prints its URLs and key, serves, and exits 0 on SIGTERM. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function ensureBuilt(): void {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run the build before the tests`);
}

describe('fyno-emulator CLI', () => {
  it('has a node shebang', () => {
    ensureBuilt();
    expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('--help prints usage and exits 0', async () => {
    ensureBuilt();
    const child = spawn(process.execPath, [cli, '--help']);
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(out).toContain('Usage: fyno-emulator');
    expect(out).toContain('--fault-phase');
  });

  it('rejects a bad flag value with exit code 2', async () => {
    ensureBuilt();
    const child = spawn(process.execPath, [cli, '--port', 'abc']);
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(2);
    expect(err).toContain('--port needs a number');
  });

  it('prints the in-app URL, integration id and token it was given, and serves Socket.IO there', async () => {
    ensureBuilt();
    const child = spawn(process.execPath, [
      cli, '--port', '0', '--inapp-integration-id', 'ICLI1', '--inapp-token', 'cli_inapp_tok',
    ]);
    let out = '';
    const banner = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c) => {
        out += c;
        if (out.includes('in-app integration token:')) resolve(out);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const inappUrl = /in-app URL:\s+(\S+)/.exec(banner)?.[1];
    expect(inappUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(banner).toMatch(/in-app integration id:\s+ICLI1/);
    expect(banner).toMatch(/in-app integration token:\s+cli_inapp_tok/);
    const handshake = await fetch(`${inappUrl}/socket.io/?EIO=4&transport=polling`);
    expect(handshake.status).toBe(200);
    expect(await handshake.text()).toMatch(/^0\{"sid"/);
    const exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('starts on port 0, accepts an event, and stops cleanly on SIGTERM', async () => {
    ensureBuilt();
    const child = spawn(process.execPath, [
      cli, '--port', '0', '--workspace-id', 'FYCLI00001', '--api-key', 'cli-key', '--events', 'known,other',
    ]);
    let out = '';
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const banner = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c) => {
        out += c;
        if (out.includes('api key:')) resolve(out);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
    const baseUrl = /base URL:\s+(\S+)/.exec(banner)?.[1];
    const inbox = /inbox:\s+(\S+)/.exec(banner)?.[1];
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(baseUrl).not.toMatch(/:0\/v1$/);
    expect(inbox).toBe(baseUrl!.replace(/\/v1$/, '/'));
    expect(banner).toContain('FYCLI00001');
    expect(banner).toContain('cli-key');

    const res = await fetch(`${baseUrl}/FYCLI00001/live/event`, {
      method: 'POST',
      headers: { authorization: 'Bearer cli-key', 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'known', to: { email: 'c@x.io' } }),
    });
    expect(res.status).toBe(202);
    const unknown = await fetch(`${baseUrl}/FYCLI00001/live/event`, {
      method: 'POST',
      headers: { authorization: 'Bearer cli-key' },
      body: JSON.stringify({ event: 'nope', to: { email: 'c@x.io' } }),
    });
    expect(unknown.status).toBe(400);
    const messages = await (await fetch(`${inbox}_emulator/messages`)).json();
    expect(messages).toHaveLength(1);

    const exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    child.kill('SIGTERM');
    expect(await exit).toEqual({ code: 0, signal: null });
    // The per-request log goes to stderr and never carries the key.
    expect(err).toContain('POST /v1/FYCLI00001/live/event -> 202');
    expect(err).not.toContain('cli-key');
  });
});

describe('fyno-emulator --events with routing', () => {
  it('name:email+sms sends that event on those channels only', async () => {
    ensureBuilt();
    const child = spawn(process.execPath, [cli, '--port', '0', '--api-key', 'cli-key', '--events', 'otp:sms,known']);
    try {
      let out = '';
      const banner = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c) => {
          out += c;
          if (out.includes('api key:')) resolve(out);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const baseUrl = /base URL:\s+(\S+)/.exec(banner)![1]!;
      const wsid = /workspace id:\s+(\S+)/.exec(banner)?.[1] ?? 'FYEMULATOR1';
      const fire = (event: string) =>
        fetch(`${baseUrl}/${wsid}/live/event`, {
          method: 'POST',
          headers: { authorization: 'Bearer cli-key', 'content-type': 'application/json' },
          body: JSON.stringify({ event, to: { email: 'a@b.co', sms: '+15550001111' } }),
        }).then((r) => r.json() as Promise<{ response: Record<string, unknown> }>);
      expect(Object.keys((await fire('otp')).response)).toEqual(['sms']);
      expect(Object.keys((await fire('known')).response).sort()).toEqual(['email', 'sms']);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
