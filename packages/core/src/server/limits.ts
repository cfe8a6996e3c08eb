/** Default limits of the routes' body read. */

/** Default body cap of the notify route: 16 KiB is far more than any template data a page should send. */
export const DEFAULT_NOTIFY_MAX_BODY_BYTES = 16_384;

/** Default longest wait for a body once the headers are in, on every route. */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;
