// The client's own CPU per fireBulk item, without a network: a stub fetch answers a 100-item bulk
// response at once. Set beside what raw undici's bulk scenario also pays (building the batch and its
// JSON), the difference is the client's: validation, the request, and parsing Fyno's answer (which the
// raw scenario reads as text and never parses). Profile with --cpu-prof to see the split.
//   node tooling/bench/bulk-micro.mjs        (N=20000 calls of 100 items by default)
import { Fyno } from '@fyno-kit/core';

const items = Array.from({ length: 100 }, (_, i) => ({
  seq: i + 1,
  request_id: `r${i}`,
  email: { destination: `u${i}@example.com`, msg_id: `m${i}`, status: 'ok' },
}));
const body = JSON.stringify({ event: 'bench', received_time: Date.now(), request_id: 'r', response: items });
const response = { status: 202, headers: { get: () => null }, text: async () => body };
const fyno = new Fyno({ workspaceId: 'FY1', apiKey: 'k', baseUrl: 'http://127.0.0.1:1/v1', fetch: async () => response, openTelemetry: false, logger: false });
let seq = 0;
const payload = () => {
  const n = seq++;
  return { distinct_id: `u${n % 1000}`, to: { email: `u${n % 1000}@example.com` }, data: { order: `A-${n}` } };
};
const batch = () => Array.from({ length: 100 }, payload);
// The part raw undici also pays: building the batch and its JSON.
function rawPart() {
  return JSON.stringify({ event: 'bench', batch: batch() }).length;
}
for (let i = 0; i < Math.min(2000, Number(process.env.N ?? 2000)); i++) await fyno.fireBulk('bench', batch());
const N = Number(process.env.N ?? 20000);
let t = process.cpuUsage();
for (let i = 0; i < N; i++) await fyno.fireBulk('bench', batch());
let c = process.cpuUsage(t);
const fb = (c.user + c.system) / N / 100;
t = process.cpuUsage();
for (let i = 0; i < N; i++) rawPart();
c = process.cpuUsage(t);
const raw = (c.user + c.system) / N / 100;
console.log(`fireBulk ${fb.toFixed(3)} µs/item; building+stringify alone ${raw.toFixed(3)} µs/item; client's own ${(fb - raw).toFixed(3)} µs/item`);
