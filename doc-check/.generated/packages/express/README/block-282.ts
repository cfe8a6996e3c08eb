import express from 'express';
import { drainOnSignals, fyno } from '@fyno-kit/express';

const app = express();

const mw = fyno();
app.use(mw);
const server = app.listen(3000);
drainOnSignals(mw.client, { server, timeoutMs: 10_000 }); // on SIGTERM/SIGINT: stop accepting, drain, exit
