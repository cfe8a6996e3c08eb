/**
 * Fyno Verify (V0/V1, CONTRACT.md §4.5): one OTP per fire of an event whose template uses
 * `{{$fyno.$otp}}`, checked by `request_id` or by destination, with a validity and an attempt cap.
 */
import { randomInt } from 'node:crypto';

/** Validity of a generated OTP: 10 minutes (Fyno lets a workspace pick 60 s – 48 h). */
export const DEFAULT_OTP_VALIDITY_MS = 10 * 60 * 1000;
/** Wrong tries before an OTP is spent (Fyno: 1–10). */
export const DEFAULT_OTP_MAX_ATTEMPTS = 5;

interface Issued {
  otp: string;
  requestId: string;
  destinations: string[];
  expiresAtMs: number;
  attempts: number;
  verified: boolean;
}

/** What V1 answers: ok, or the 400 `_message`. */
export type ValidateOutcome = { ok: true } | { ok: false; message: string };

/** The OTP messages of V1 whose wording Fyno does not document (§4 U12). */
export const OTP_MESSAGES = {
  wrong: 'user entered the wrong OTP',
  expired: 'OTP has expired',
  exhausted: 'Maximum OTP attempts exceeded',
  unknown: 'No OTP was sent for this request_id or destination',
  used: 'OTP has already been validated',
} as const;

/** The OTPs issued by one emulator. */
export class VerifyStore {
  readonly #events: Set<string>;
  readonly #fixedOtp: string | undefined;
  readonly #validityMs: number;
  readonly #maxAttempts: number;
  readonly #byRequest = new Map<string, Issued>();
  readonly #byDestination = new Map<string, Issued>();

  constructor(options: { events?: readonly string[]; fixedOtp?: string; validityMs?: number; maxAttempts?: number }) {
    this.#events = new Set(options.events ?? []);
    this.#fixedOtp = options.fixedOtp;
    this.#validityMs = options.validityMs ?? DEFAULT_OTP_VALIDITY_MS;
    this.#maxAttempts = options.maxAttempts ?? DEFAULT_OTP_MAX_ATTEMPTS;
  }

  /** True when fires of `event` carry an OTP. */
  uses(event: string): boolean {
    return this.#events.has(event);
  }

  /** Issue the OTP of one fire, sent to `destinations`; returns it. */
  issue(requestId: string, destinations: string[], nowMs = Date.now()): string {
    const otp = this.#fixedOtp ?? String(randomInt(0, 1_000_000)).padStart(6, '0');
    const issued: Issued = { otp, requestId, destinations, expiresAtMs: nowMs + this.#validityMs, attempts: 0, verified: false };
    this.#byRequest.set(requestId, issued);
    // The newest OTP sent to a destination is the one "use destination as id" checks.
    for (const d of destinations) this.#byDestination.set(d, issued);
    return otp;
  }

  /** V1. The fixed `verifyOtp` of tests is accepted for any request or destination. */
  validate(otp: string, by: { requestId?: string; destination?: string }, nowMs = Date.now()): ValidateOutcome {
    const issued = by.requestId !== undefined ? this.#byRequest.get(by.requestId) : this.#byDestination.get(by.destination ?? '');
    if (!issued) {
      if (this.#fixedOtp !== undefined) return otp === this.#fixedOtp ? { ok: true } : { ok: false, message: OTP_MESSAGES.wrong };
      return { ok: false, message: OTP_MESSAGES.unknown };
    }
    if (issued.verified) return { ok: false, message: OTP_MESSAGES.used };
    if (nowMs > issued.expiresAtMs) return { ok: false, message: OTP_MESSAGES.expired };
    if (issued.attempts >= this.#maxAttempts) return { ok: false, message: OTP_MESSAGES.exhausted };
    if (otp !== issued.otp) {
      issued.attempts++;
      return { ok: false, message: OTP_MESSAGES.wrong };
    }
    // Single use: a code that signed someone in must not sign in a second session.
    issued.verified = true;
    return { ok: true };
  }

  /** Forget every OTP. */
  clear(): void {
    this.#byRequest.clear();
    this.#byDestination.clear();
  }
}
