// The load of the notify-route benchmark, in its own process: autocannon against one URL for a fixed
// time, each request a browser's `useNotify()` call (its own Idempotency-Key, one of 50,000 users so
// the route's default per-user rate limit never refuses). Prints autocannon's figures as JSON.
// Usage: node route-load.mjs <url> <seconds> <connections>
import autocannon from 'autocannon';

const [url, seconds, connections] = process.argv.slice(2);
let n = 0;
const result = await autocannon({
  url,
  method: 'POST',
  duration: Number(seconds),
  connections: Number(connections),
  pipelining: 1,
  requests: [
    {
      setupRequest(request) {
        const i = n++;
        request.headers = {
          'content-type': 'application/json',
          'x-user': `u${i % 50_000}`,
          'idempotency-key': `load-${process.pid}-${i}`,
        };
        request.body = `{"event":"bench_event","data":{"order":"A-${i}"}}`;
        return request;
      },
    },
  ],
});
process.stdout.write(
  JSON.stringify({
    requestsPerSec: result.requests.average,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    durationS: result.duration,
  }) + '\n',
);
