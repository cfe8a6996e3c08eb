/**
 * Core's Node build, loaded on Bun on purpose (as a bundle made for Node would be): `new Fyno()` must
 * still send with `fetch`, not Bun's partial `undici`, and `close()` must not crash. Reads FYNO_*.
 */
import { Fyno } from '../../packages/core/dist/index.js';

const fyno = new Fyno();
const sent = await fyno.fire('order_shipped', { distinct_id: 'u_bun_node_build', data: { order: 'B-1' } });
await fyno.close();
console.log(JSON.stringify({ request_id: sent.request_id }));
