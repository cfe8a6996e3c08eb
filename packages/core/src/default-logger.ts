/**
 * The logger of a client given none. While developing, a send that reached no channel or a retry
 * prints one line, so "202, yet nothing arrived" is not a mystery; in production and under a test
 * runner (Vitest and Jest set `NODE_ENV=test`) it stays quiet. Failed calls are not printed: they
 * reject, and the caller (or a queue's `onError`, or the notify route) reports them.
 */
import type { FynoLogger } from './config';

/** The default logger for this `NODE_ENV`, or undefined for none. */
export function defaultLogger(nodeEnv: string | undefined): FynoLogger | undefined {
  if (nodeEnv === 'production' || nodeEnv === 'test') return undefined;
  return {
    // The message alone: the fields repeat it for structured loggers, and a terminal wants one line.
    warn: (message: unknown) => console.warn(message),
    error: () => {},
  };
}

/** The logger a client uses: the one given, none for `false`, else the default for `NODE_ENV`. */
export function loggerOf(logger: FynoLogger | false | undefined, nodeEnv: string | undefined): FynoLogger | undefined {
  if (logger === false) return undefined;
  return logger ?? defaultLogger(nodeEnv);
}
