/** The shared private-Redis helper (test-support/redis.ts), as this package's tests import it. */
export { freePort, startRedis, type TestRedis } from '../../../test-support/redis';
