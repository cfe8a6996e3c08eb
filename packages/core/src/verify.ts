/**
 * Fyno Verify (V1, packages/emulator/CONTRACT.md §4.5). Fyno documents no idempotency for it, so a
 * check that may have reached Fyno is never re-sent: a repeat could spend a try or a used code.
 */
import { asOtpRejected } from './errors';
import { requireText } from './preferences';
import { execute, type CallContext, type RequestOptions } from './request';
import type { VerifyResult } from './types';

/** Verify calls, reached as `fyno.verify`. */
export class Verify {
  readonly #ctx: CallContext;

  /** @internal */
  constructor(ctx: CallContext) {
    this.#ctx = ctx;
  }

  /**
   * Checks the OTP a user typed against the one a Verify event sent, by the event's `requestId`
   * (the `request_id` of its fire) or by `destination` (when "use destination as id" is on).
   * Resolves for a right OTP; a wrong, expired or used one rejects with `FynoOtpRejectedError`.
   */
  async validate(input: { otp: string; requestId: string } | { otp: string; destination: string }, options?: RequestOptions): Promise<VerifyResult> {
    const otp = requireText(input?.otp, 'otp');
    const by =
      'requestId' in input
        ? `request_id=${encodeURIComponent(requireText(input.requestId, 'requestId'))}`
        : `destination=${encodeURIComponent(requireText((input as { destination?: unknown }).destination, 'destination'))}`;
    try {
      return await execute(this.#ctx, { method: 'POST', path: '/verify/validate', query: `otp=${encodeURIComponent(otp)}&${by}`, idempotent: false }, options);
    } catch (error) {
      throw asOtpRejected(error);
    }
  }
}
