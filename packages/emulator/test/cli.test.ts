/** The built CLI (dist/cli.js): starts, prints its URLs and key, serves, and exits 0 on SIGTERM. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
    const child = spawn(process.execPath, [cli, '--port', '0', '--inapp-integration-id', 'ICLI1', '--inapp-token', 'cli_inapp_tok']);
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
    const child = spawn(process.execPath, [cli, '--port', '0', '--workspace-id', 'FYCLI00001', '--api-key', 'cli-key', '--events', 'known,other']);
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

describe('fyno-emulator --subscriptions and --verify-events', () => {
  it('seeds topics from a file, applies them at fire time, and issues an OTP for a Verify event', async () => {
    ensureBuilt();
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'fyno-subs-')), 'subs.json');
    writeFileSync(
      file,
      JSON.stringify({ sections: { News: [{ subscription_id: 'SFILE00001', name: 'From file', channel_config: { email: 'off' }, events: ['digest'] }] } }),
    );
    const child = spawn(process.execPath, [cli, '--port', '0', '--api-key', 'cli-key', '--quiet', '--subscriptions', file, '--verify-events', 'code']);
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
      const post = (path: string, body: unknown) =>
        fetch(`${baseUrl}/FYEMULATOR1${path}`, {
          method: 'POST',
          headers: { authorization: 'Bearer cli-key', 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      await post('/live/profiles', { distinct_id: 'f1', channel: { email: 'f1@example.com' } });
      const prefs = await (
        await fetch(`${baseUrl}/FYEMULATOR1/live/subscriptions/preference?distinct_id=f1&event_list=true`, { headers: { authorization: 'Bearer cli-key' } })
      ).json();
      expect(prefs.result.News[0]).toMatchObject({ subscription_id: 'SFILE00001', notification_events: [{ event_name: 'digest' }] });
      const digest = await (await post('/live/event', { event: 'digest', distinct_id: 'f1' })).json();
      expect(digest.response).toEqual({});
      const code = await (await post('/live/event', { event: 'code', distinct_id: 'f1' })).json();
      const [message] = await (await fetch(`${baseUrl.replace(/\/v1$/, '')}/_emulator/messages?request_id=${code.request_id}`)).json();
      expect(message.otp).toMatch(/^\d{6}$/);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('a malformed --subscriptions file exits 2 and says why', async () => {
    ensureBuilt();
    const child = spawn(process.execPath, [cli, '--port', '0', '--subscriptions', '/nonexistent/subs.json']);
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(2);
    expect(err).toContain('cannot read --subscriptions');
  });

  it('logs each report attempt, and says what a 401 from the receiver means (a wrong webhook secret)', async () => {
    ensureBuilt();
    // A receiver with the wrong secret: it passes the fyno_token handshake, then refuses every signature.
    const receiver = createServer((req, res) => {
      const token = new URL(req.url ?? '/', 'http://x').searchParams.get('fyno_token');
      if (token) return void res.end(token);
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"invalid_signature"}}');
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/fyno/reports`;
    const child = spawn(process.execPath, [cli, '--port', '0', '--events', 'order_shipped', '--webhook', `app=${hook}`, '--webhook-step-ms', '1']);
    let out = '';
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    try {
      const banner = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c) => {
          out += c;
          if (out.includes('verified')) resolve(out);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
      });
      expect(banner).toContain(`webhook app: ${hook} verified (it echoed fyno_token; the secret is checked with each report)`);
      const baseUrl = /base URL:\s+(\S+)/.exec(banner)![1];
      const fire = await fetch(`${baseUrl}/FYEMULATOR1/live/event`, {
        method: 'POST',
        headers: { authorization: 'Bearer emu_local_test_key_not_a_secret', 'content-type': 'application/json' },
        body: JSON.stringify({ event: 'order_shipped', to: { email: 'ana@example.com' }, callback: { custom_id: 'order-1' } }),
      });
      expect(fire.status).toBe(202);
      const deadline = Date.now() + 15_000;
      while (!err.includes('attempt 1 of 5') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(err).toMatch(
        /report Processed email order-1 -> app http:\/\/127\.0\.0\.1:\d+\/fyno\/reports: 401 \{"error":\{"code":"invalid_signature"\}\} \(attempt 1 of 5, retried\); the receiver refused the signature: give it the secret this emulator signs with \(--webhook-secret/,
      );
    } finally {
      child.kill('SIGTERM');
      receiver.close();
    }
  });
});
