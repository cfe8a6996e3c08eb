import { createServer } from 'node:http';
import express from 'express';

const app = express();
app.use(express.json());
// Node answers 408 and closes the connection when a request (its body included) takes longer than 15 s.
createServer({ requestTimeout: 15_000, connectionsCheckingInterval: 1_000 }, app).listen(3000);
