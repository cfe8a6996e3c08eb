/** The inbox client's typed error. `code` is stable; the message is ours, never a secret. */

/** Why the inbox failed, or why an action was undone. */
export type InboxErrorCode =
  /** The session route answered 401: nobody is signed in. */
  | 'unauthorized'
  /** The session route failed or answered something that is not a session. */
  | 'session_failed'
  /** The in-app server refused the signature again after a fresh session. */
  | 'refused'
  /** An action got no confirmation in time; it was undone. */
  | 'timeout'
  /** An action was cut off by a lost connection; it was undone. */
  | 'disconnected'
  /** The inbox was closed. */
  | 'closed';

/** An inbox failure. */
export class InboxError extends Error {
  override readonly name = 'InboxError';
  constructor(
    readonly code: InboxErrorCode,
    message: string,
    /** The HTTP status of the session route, when it answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}
