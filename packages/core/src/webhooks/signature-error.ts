/** The typed error of a delivery report whose signature does not prove it came from Fyno. */
import { FynoError } from '../errors';

/** Why a signature was refused: stable, safe to log, never containing the secret or the expected value. */
export type FynoSignatureReason = 'missing_signature' | 'malformed_signature' | 'signature_mismatch' | 'empty_body';

/** A delivery report failed verification: answer 401 and do not act on it. `code` is `invalid_signature`. */
export class FynoSignatureError extends FynoError {
  override name = 'FynoSignatureError';
  /** Which check failed. */
  readonly reason: FynoSignatureReason;
  constructor(reason: FynoSignatureReason, message: string) {
    super(message, 'invalid_signature');
    this.reason = reason;
  }
}
