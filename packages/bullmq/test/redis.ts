/** The shared private-Redis helper (tooling/test-support/redis.ts), as this package's tests import it. */
export { freePort, startRedis, type TestRedis } from '@fyno-kit/test-support/redis';
