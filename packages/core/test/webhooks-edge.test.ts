/**
 * `@fyno-kit/core/webhooks` in an edge runtime: the built entry, bundled for the browser platform (no
 * Node built-ins), runs in EdgeVM with only web globals, verifies hex and base64 signatures and
 * answers through the web-standard handler.
 */
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { EdgeVM } from '@edge-runtime/vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../dist/webhooks/index.js', import.meta.url));

describe('@fyno-kit/core/webhooks on an edge runtime', () => {
  it('bundles without Node built-ins and verifies, parses and handles reports in EdgeVM', async () => {
    const bundle = await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', globalName: 'W', platform: 'browser', logLevel: 'silent' });
    const vm = new EdgeVM();
    expect(vm.evaluate('typeof process + typeof require + typeof Buffer')).toBe('undefinedundefinedundefined');
    vm.evaluate(bundle.outputFiles[0]!.text);
    const body = JSON.stringify({ msg_id: 'edge:0001', status: 'DELIVERED', custom_id: 'e1' });
    const secret = 'edge-secret';
    const hex = createHmac('sha256', secret).update(body).digest('hex');
    const base64 = createHmac('sha256', secret).update(body).digest('base64');
    const result = await vm.evaluate(`(async () => {
      const body = ${JSON.stringify(body)};
      await W.verifyDeliveryReport(body, ${JSON.stringify(hex)}, ${JSON.stringify(secret)});
      await W.verifyDeliveryReport(new TextEncoder().encode(body), ${JSON.stringify(base64)}, ${JSON.stringify(secret)});
      let wrong = 'none';
      try { await W.verifyDeliveryReport(body, ${JSON.stringify(hex)}, 'other'); } catch (e) { wrong = e.reason; }
      const keys = [];
      const handler = W.createDeliveryReportHandler({ secret: ${JSON.stringify(secret)}, onReport: (r) => { keys.push(r.key); } });
      const ok = await handler(new Request('https://edge.example/r', { method: 'POST', body, headers: { 'x-fyno-hmac-signature': ${JSON.stringify(hex)} } }));
      const forged = await handler(new Request('https://edge.example/r', { method: 'POST', body, headers: { 'x-fyno-hmac-signature': '0'.repeat(64) } }));
      const token = await handler(new Request('https://edge.example/r?fyno_token=edge-token'));
      return { wrong, keys, ok: ok.status, forged: forged.status, token: await token.text() };
    })()`);
    expect(result).toEqual({ wrong: 'signature_mismatch', keys: ['edge:0001#DELIVERED'], ok: 200, forged: 401, token: 'edge-token' });
  });
});
