/**
 * Which Fyno failures are worth another attempt. 400/401/403/404/413 will fail the same way again, so
 * the job goes to the failed set at once; network errors, timeouts, 408/409/429 and 5xx are retried
 * with BullMQ's backoff.
 */
import { FynoError, type FynoApiError } from '@fyno-kit/core';
import type { StoredFynoError } from './job-data';

const PERMANENT_STATUSES = new Set([400, 401, 403, 404, 413]);

function apiErrorOf(error: unknown): FynoApiError | undefined {
  if (!FynoError.isFynoError(error)) return undefined;
  // Part of a split bulk request was accepted: only a retry under the same keys is safe.
  if (error.code === 'bulk_partial_failure') return undefined;
  return typeof (error as FynoApiError).status === 'number' ? (error as FynoApiError) : undefined;
}

/** True when retrying cannot help. A validation error (a payload stored by an older version) counts. */
export function isPermanent(error: unknown): boolean {
  if (FynoError.isFynoError(error) && error.code === 'validation_error') return true;
  const api = apiErrorOf(error);
  return api !== undefined && PERMANENT_STATUSES.has(api.status);
}

/**
 * True when Fyno refused a bulk request because of its body (400, 413): nothing in it was sent, and its
 * members may still go through one by one.
 */
export function isBodyRejection(error: unknown): boolean {
  const api = apiErrorOf(error);
  return api !== undefined && (api.status === 400 || api.status === 413);
}

/**
 * True when a group was refused as a whole before anything was sent or by Fyno because of its body: the
 * client's own checks (`validation_error`: one entry's payload, or one entry alone over the request
 * limit), an oversized body, or Fyno's 400/413. Such a refusal may name one entry, so it must never fail
 * the others: each member is tried alone and fails (or goes) on its own.
 */
export function isGroupRejection(error: unknown): boolean {
  if (FynoError.isFynoError(error) && (error.code === 'validation_error' || error.code === 'payload_too_large')) return true;
  return isBodyRejection(error);
}

/** The error as stored on the job: code, status, Fyno's `_message`, the key. Never the API key. */
export function toStoredError(error: unknown): StoredFynoError {
  const at = new Date().toISOString();
  const permanent = isPermanent(error);
  if (FynoError.isFynoError(error)) {
    const stored: StoredFynoError = { code: error.code, message: error.message, permanent, at };
    const api = apiErrorOf(error);
    if (api) stored.status = api.status;
    if (error.idempotencyKey !== undefined) stored.idempotencyKey = error.idempotencyKey;
    return stored;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal_error', message, permanent, at };
}

/** The `failedReason` BullMQ keeps: `[400 bad_request] <Fyno's _message>`. */
export function reasonOf(stored: StoredFynoError): string {
  return `[${stored.status !== undefined ? `${stored.status} ` : ''}${stored.code}] ${stored.message}`;
}
