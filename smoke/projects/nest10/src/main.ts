// A Nest 10 app (CommonJS, decorators compiled by tsc as a Nest CLI project would) that imports
// FynoModule.forRoot and gets the client injected by its class.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Fyno } from '@fyno-kit/core';
import { FynoModule, InjectFyno } from '@fyno-kit/nest';

@Injectable()
class OrdersService {
  constructor(
    private readonly fyno: Fyno,
    @InjectFyno() readonly byToken: Fyno,
  ) {}

  shipped(order: string) {
    return this.fyno.fire('smoke_nest10', { to: { email: 'nest@example.com' }, data: { order } });
  }
}

@Module({
  imports: [
    FynoModule.forRoot({
      workspaceId: process.env.FYNO_WSID,
      apiKey: process.env.FYNO_API_KEY,
      baseUrl: process.env.FYNO_BASE_URL,
    }),
  ],
  providers: [OrdersService],
})
class AppModule {}

async function main() {
  const nestVersion = (require('@nestjs/core/package.json') as { version: string }).version;
  assert.match(nestVersion, /^10\./);
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.init();
  const orders = app.get(OrdersService);
  assert.ok(orders['fyno'] instanceof Fyno, 'Fyno injected by class');
  assert.equal(orders.byToken, orders['fyno'], 'the same instance by token');
  const res = await orders.shipped('A-1001');
  assert.ok(res.request_id);
  await app.close();
  console.log(`nest10: Nest ${nestVersion} booted, fired, request_id ${res.request_id}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
