/**
 * V1 (`verify/validate`, CONTRACT.md §4.5): checks an OTP a Verify event issued, by `request_id`
 * or by destination.
 */
import { errorReply, okReply, type Reply } from './respond.js';
import type { RouteContext } from './state.js';

/** Validate `?otp=` against the OTP issued for `?request_id=` (or the newest one to `?destination=`). */
export function validateOtp(call: RouteContext): Reply {
  const query = new URLSearchParams(call.query);
  const requestId = query.get('request_id');
  const destination = query.get('destination');
  const otp = query.get('otp');
  if (!otp) return errorReply(400, 'otp is required!');
  if (!requestId && !destination) return errorReply(400, "'request_id' or 'destination' is required");
  const outcome = call.state.verify.validate(otp, requestId ? { requestId } : { destination: destination as string });
  return outcome.ok ? okReply(200, 'OTP successfully validated.') : errorReply(400, outcome.message);
}
