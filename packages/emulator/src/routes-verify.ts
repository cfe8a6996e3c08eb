/**
 * V1 (`verify/validate`, CONTRACT.md §4): accepts only the configured OTP, so tests can exercise
 * both answers.
 */
import { errorReply, okReply, type Reply } from './respond.js';
import type { RouteContext } from './state.js';

/** Validate `?otp=` against the emulator's `verifyOtp`. */
export function validateOtp(call: RouteContext): Reply {
  const query = new URLSearchParams(call.query);
  if (!query.get('request_id') && !query.get('destination')) {
    return errorReply(400, "'request_id' or 'destination' is required");
  }
  if (query.get('otp') !== call.state.verifyOtp) return errorReply(400, 'user entered the wrong OTP');
  return okReply(200, 'OTP successfully validated.');
}
