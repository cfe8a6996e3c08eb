/**
 * "Sign in with a code" (Fyno Verify): the server fires `login_code`, whose template in Fyno carries
 * `{{$fyno.$otp}}`, to the user's email; the user types the code they received; the server checks it
 * with `verify.validate`. The page never sees the code, the request id or who the email belongs to.
 * Framework-free: each demo mounts `handle` on its own router.
 */
import { randomUUID } from 'node:crypto';
import { type Fyno, FynoOtpRejectedError } from '@fyno-kit/core';
import { type DemoRequest, readCookie, sessionCookie } from './session';
import { DEMO_USERS } from './users';

/** The event whose template carries the OTP (the emulator is told with `verifyEvents`). */
export const CODE_EVENT = 'login_code';
/** The HttpOnly cookie naming this browser's sign-in attempt (an opaque id; the attempt stays here). */
export const CODE_COOKIE = 'fyno_demo_code';
/** As long as Fyno's code is valid. */
const ATTEMPT_TTL_MS = 10 * 60_000;
const MAX_ATTEMPTS = 1_000;

interface Attempt {
  requestId: string;
  userId: string;
  expiresAt: number;
}

/** One answer of the two routes: a status, a JSON body, and cookies to set. */
export interface CodeSignInAnswer {
  status: number;
  body: unknown;
  setCookies: string[];
}

const attemptCookie = (id: string | null) =>
  `${CODE_COOKIE}=${id ?? ''}; Path=/api/code-sign-in; HttpOnly; SameSite=Strict; Max-Age=${id ? ATTEMPT_TTL_MS / 1000 : 0}`;
const error = (status: number, code: string, message: string, setCookies: string[] = []): CodeSignInAnswer => ({
  status,
  body: { error: { code, message } },
  setCookies,
});

/** The attempts of one demo server, in memory (a real app keeps them in its session store). */
export class CodeSignIn {
  private readonly attempts = new Map<string, Attempt>();

  /** `client` is asked for on each call, so a demo can create its Fyno client lazily. */
  constructor(private readonly client: () => Promise<Pick<Fyno, 'fire' | 'verify'>>) {}

  /**
   * `POST /api/code-sign-in` with `{ email }` sends a code; `POST /api/code-sign-in/verify` with
   * `{ code }` signs in. An unknown email is answered as a known one (no account probing), and
   * nothing is sent to it.
   */
  async handle(action: 'start' | 'verify', request: DemoRequest, body: unknown): Promise<CodeSignInAnswer> {
    const field = (name: string) => (body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined);
    if (action === 'start') {
      const email = field('email');
      if (typeof email !== 'string' || email.length > 200) return error(400, 'invalid_body', 'Send { "email": "…" }');
      const user = DEMO_USERS.find((u) => u.email === email.trim().toLowerCase());
      const id = randomUUID();
      if (user) {
        const sent = await (await this.client()).fire(CODE_EVENT, { distinct_id: user.id, to: { email: user.email } });
        this.remember(id, { requestId: sent.request_id, userId: user.id, expiresAt: Date.now() + ATTEMPT_TTL_MS });
      }
      return { status: 202, body: { sent: true }, setCookies: [attemptCookie(id)] };
    }
    const code = field('code');
    if (typeof code !== 'string') return error(400, 'invalid_body', 'Send { "code": "…" }');
    const id = readCookie(request, CODE_COOKIE);
    const attempt = id === undefined ? undefined : this.attempts.get(id);
    if (!attempt || attempt.expiresAt < Date.now()) return error(401, 'wrong_code', 'That code is not right, or it expired. Ask for a new one.');
    // Only digits go to Fyno: anything else is wrong without spending one of the user's tries.
    if (/^\d{4,10}$/.test(code.trim())) {
      try {
        await (await this.client()).verify.validate({ otp: code.trim(), requestId: attempt.requestId });
        this.attempts.delete(id!); // a code signs in once
        return { status: 200, body: { user: { id: attempt.userId } }, setCookies: [sessionCookie(attempt.userId), attemptCookie(null)] };
      } catch (e) {
        // Fyno unreachable or misconfigured is not the user's fault: let the host answer 500.
        if (!(e instanceof FynoOtpRejectedError)) throw e;
      }
    }
    return error(401, 'wrong_code', 'That code is not right, or it expired. Ask for a new one.');
  }

  private remember(id: string, attempt: Attempt): void {
    const now = Date.now();
    for (const [key, a] of this.attempts) if (a.expiresAt < now) this.attempts.delete(key);
    // Bounded: a flood of requests for codes drops the oldest attempts, never grows memory.
    if (this.attempts.size >= MAX_ATTEMPTS) this.attempts.delete(this.attempts.keys().next().value!);
    this.attempts.set(id, attempt);
  }
}
