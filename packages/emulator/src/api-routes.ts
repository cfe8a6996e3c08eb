/**
 * Every Fyno API operation the emulator serves, one entry each: its contract row
 * (CONTRACT.md §2), method, path pattern and handler. This table is the only place a route is named; the
 * matcher, the pipeline in `api.ts` and the tests all read it.
 */
import type { Reply } from './respond.js';
import { RouteTable } from './route-match.js';
import { fireBulkEvent, fireEvent } from './routes-events.js';
import { addChannelData, createProfile, deleteChannelData, deleteProfiles, getProfile, mergeProfiles, updateProfile } from './routes-profiles.js';
import { propertyBatch, propertyOperation } from './routes-properties.js';
import { getPreferences, putPreferences, setSubscriptionUser } from './routes-subscriptions.js';
import { addSuppression, listSuppressions, removeSuppression } from './routes-suppressions.js';
import { validateOtp } from './routes-verify.js';
import type { RouteContext } from './state.js';

/** One API route. */
export interface ApiRoute {
  /** Its row in CONTRACT.md §2 (`E1`, `P3`, …); also scopes Idempotency-Keys per endpoint. */
  readonly id: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path after `/v1/{WSID}/{version}` (or `/v1/{WSID}` when `unversioned`); `:name` is a percent-decoded parameter. */
  readonly pattern: string;
  readonly handler: (call: RouteContext) => Reply;
  /** `false` when the operation takes no body (Node discards any that is sent). */
  readonly body?: false;
  /** Also served on the legacy unversioned path `/v1/{WSID}/…`, as live (CONTRACT.md §1.1). */
  readonly legacy?: true;
  /** Served only on `/v1/{WSID}/…`, with no version segment (the suppression list, X1–X3). */
  readonly unversioned?: true;
}

/** The Fyno API, in contract order. */
export const API_ROUTES: readonly ApiRoute[] = [
  { id: 'E1', method: 'POST', pattern: '/event', handler: fireEvent, legacy: true },
  { id: 'E2', method: 'POST', pattern: '/event/bulk', handler: fireBulkEvent, legacy: true },
  { id: 'P1', method: 'POST', pattern: '/profiles', handler: createProfile },
  { id: 'P2', method: 'GET', pattern: '/profiles/:distinct_id', handler: getProfile, body: false },
  { id: 'P3', method: 'PUT', pattern: '/profiles/:distinct_id', handler: updateProfile },
  {
    id: 'P4',
    method: 'PATCH',
    pattern: '/profiles/:source/merge/:target',
    handler: mergeProfiles,
    body: false,
  },
  { id: 'P5', method: 'POST', pattern: '/profiles/delete', handler: deleteProfiles },
  { id: 'P6', method: 'PATCH', pattern: '/profiles/:distinct_id/channel', handler: addChannelData },
  {
    id: 'P7',
    method: 'POST',
    pattern: '/profiles/:distinct_id/channel/delete',
    handler: deleteChannelData,
  },
  { id: 'U1', method: 'POST', pattern: '/profiles/properties/set', handler: propertyOperation('$set') },
  {
    id: 'U2',
    method: 'POST',
    pattern: '/profiles/properties/set-once',
    handler: propertyOperation('$once'),
  },
  {
    id: 'U3',
    method: 'POST',
    pattern: '/profiles/properties/numerical-add',
    handler: propertyOperation('$add'),
  },
  {
    id: 'U4',
    method: 'POST',
    pattern: '/profiles/properties/list-append',
    handler: propertyOperation('$append'),
  },
  {
    id: 'U5',
    method: 'POST',
    pattern: '/profiles/properties/list-remove',
    handler: propertyOperation('$remove'),
  },
  { id: 'U6', method: 'POST', pattern: '/profiles/properties/unset', handler: propertyOperation('$unset') },
  { id: 'U7', method: 'POST', pattern: '/profiles/properties/batch', handler: propertyBatch },
  {
    id: 'S1',
    method: 'GET',
    pattern: '/subscriptions/preference',
    handler: getPreferences,
    body: false,
  },
  { id: 'S2', method: 'PUT', pattern: '/subscriptions/preference', handler: putPreferences },
  {
    id: 'S3',
    method: 'POST',
    pattern: '/subscriptions/list/:subscription_id/user',
    handler: setSubscriptionUser,
  },
  { id: 'V1', method: 'POST', pattern: '/verify/validate', handler: validateOtp, body: false },
  { id: 'X1', method: 'GET', pattern: '/suppressions', handler: listSuppressions, body: false, unversioned: true },
  { id: 'X2', method: 'POST', pattern: '/suppressions', handler: addSuppression, unversioned: true },
  { id: 'X3', method: 'DELETE', pattern: '/suppressions', handler: removeSuppression, body: false, unversioned: true },
];

/** The versioned API: `/v1/{WSID}/{live|test}/…`. */
export const API_TABLE = new RouteTable(API_ROUTES.filter((r) => r.unversioned !== true));
/**
 * Paths with no version segment: the legacy `/v1/{WSID}/event` and `/v1/{WSID}/event/bulk` (as
 * live), and the suppression list, which is per workspace.
 */
export const LEGACY_TABLE = new RouteTable(API_ROUTES.filter((r) => r.legacy === true || r.unversioned === true));
