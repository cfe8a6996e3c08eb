import { Fyno, FynoOtpRejectedError } from '@fyno-kit/core';

export const fyno = new Fyno(); // FYNO_WSID, FYNO_API_KEY, FYNO_VERSION, FYNO_BASE_URL

/**
 * Sends a code to `email`. Keep the returned request id with the sign-in attempt (a signed,
 * short-lived cookie, or your session store): it is what the code is checked against.
 */
export async function sendCode(email: string): Promise<string> {
  const sent = await fyno.fire('login_code', { to: { email } });
  if (!sent.request_id) throw new Error('Fyno answered without a request_id');
  return sent.request_id;
}

/** True when `otp` is the code of that request. A wrong, expired or used code is false. */
export async function checkCode(requestId: string, otp: string): Promise<boolean> {
  try {
    await fyno.verify.validate({ otp, requestId });
    return true;
  } catch (error) {
    if (error instanceof FynoOtpRejectedError) return false;
    throw error; // Fyno unreachable, a wrong key…: not the user's fault, so not "wrong code"
  }
}
