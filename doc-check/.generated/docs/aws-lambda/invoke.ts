import { handler } from './handler';

const body = JSON.stringify({ event: 'order_shipped', data: { order: 'A-1001' } });
const result = await handler({
  version: '2.0',
  rawPath: '/api/fyno/notify',
  rawQueryString: '',
  headers: { 'content-type': 'application/json' },
  requestContext: {
    domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
    http: { method: 'POST', path: '/api/fyno/notify', sourceIp: '203.0.113.7' },
    authorizer: { jwt: { claims: { sub: 'u_123' }, scopes: null } },
  },
  body: Buffer.from(body).toString('base64'),
  isBase64Encoded: true,
});
console.log(result.statusCode, result.body);
