import express from 'express';
import { Fyno } from '@fyno-kit/core';
import { fyno } from '@fyno-kit/express';
const app = express();
const { FYNO_WSID: workspaceId = '', FYNO_API_KEY: apiKey = '' } = process.env;
const existingClient = new Fyno();
declare global {
  namespace Express {
    interface User {
      id: string;
    }
    interface Request {
      user?: User;
    }
  }
}
app.use(fyno()); // FYNO_WSID, FYNO_API_KEY, FYNO_VERSION, FYNO_BASE_URL
app.use(fyno({ workspaceId, apiKey, version: 'test' }));
app.use(fyno(existingClient)); // a Fyno you built yourself

app.post('/orders/:id/ship', async (req, res) => {
  await req.fyno.fire('order_shipped', { distinct_id: req.user!.id, data: { order: req.params.id } });
  res.sendStatus(204);
});
