import { Fyno } from '@fyno-kit/core';

const fyno = new Fyno(); // FYNO_WSID, FYNO_API_KEY, FYNO_VERSION, FYNO_BASE_URL

const users = [
  { id: 'u_123', digest: { orders: 3 } },
  { id: 'u_456', digest: { orders: 1 } },
];
// One request per 10 MB at most, answers in input order.
const result = await fyno.fireBulk(
  'weekly_digest',
  users.map((u) => ({ distinct_id: u.id, data: u.digest })),
);
console.log(`weekly_digest: ${result.response.length} events accepted in ${result.requests.length} request(s)`);
await fyno.close();
