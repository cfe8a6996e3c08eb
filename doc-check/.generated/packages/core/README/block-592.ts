import { createServer } from 'node:http';
import { createNotifyRoute, nodeExchange } from '@fyno-kit/core/adapter';

const route = createNotifyRoute({
  identify: (req: { headers: Record<string, unknown> }) => String(req.headers['x-user-id'] ?? '') || null,
  events: { order_shipped: {} },
});
createServer((req, res) => {
  void route.serve(nodeExchange(req, res, { request: req }));
}).listen(3000);
