/**
 * U1–U7 (CONTRACT.md §4): user property operations ($set, $once, $add, $append, $remove,
 * $unset and batch). Set-like operations create a missing profile; remove and unset ignore
 * unknown ids.
 */
import { randomUUID } from 'node:crypto';
import { newProfile, type ProfileMaps } from './profiles-store.js';
import { errorReply, isPlainObject, jsonReply, type Reply } from './respond.js';
import { withBody, type RouteContext } from './state.js';
import type { Version } from './types.js';

const OPS = ['$set', '$once', '$add', '$append', '$remove', '$unset'];
const CREATING_OPS = new Set(['$set', '$once', '$add', '$append']);

/** U1–U6: a handler for one operation (`$set` for `properties/set`, and so on). */
export function propertyOperation(op: string): (call: RouteContext) => Reply {
  return withBody((call, body) => {
    if (!isPlainObject(body)) return errorReply(400, 'Request body must be a JSON object');
    const id = body.distinct_id;
    if (typeof id !== 'string' || id === '') {
      return errorReply(400, "'distinct_id' is required and must be a non-empty string");
    }
    const problem = checkOp(op, body[op]);
    if (problem) return errorReply(400, problem);
    applyOp(call.state.profiles, call.version, id, op, body[op]);
    return jsonReply(202, { request_id: randomUUID() });
  });
}

/** U7: several operations on several profiles, validated whole before any is applied. */
export const propertyBatch = withBody((call, body) => {
  if (!isPlainObject(body)) return errorReply(400, 'Request body must be a JSON object');
  return batch(call.state.profiles, call.version, body.batch);
});

function batch(profiles: ProfileMaps, version: Version, items: unknown): Reply {
  if (!Array.isArray(items) || items.length === 0) {
    return errorReply(400, "'batch' is required and must be a non-empty array");
  }
  // Validate the whole batch before changing anything.
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    if (!isPlainObject(item)) return errorReply(400, `batch[${i}]: item must be a JSON object`);
    if (typeof item.distinct_id !== 'string' || item.distinct_id === '') {
      return errorReply(400, `batch[${i}]: 'distinct_id' is required and must be a non-empty string`);
    }
    const action = item.action;
    if (!isPlainObject(action)) return errorReply(400, `batch[${i}]: 'action' must be an object`);
    for (const op in action) {
      if (!OPS.includes(op)) return errorReply(400, `batch[${i}]: unknown action '${op}'`);
      const problem = checkOp(op, action[op]);
      if (problem) return errorReply(400, problem);
    }
  }
  const results: Record<string, string>[] = [];
  for (const item of items as { distinct_id: string; action: Record<string, unknown> }[]) {
    const result: Record<string, string> = {};
    for (const op in item.action) {
      applyOp(profiles, version, item.distinct_id, op, item.action[op]);
      result[op] = 'ok';
    }
    results.push(result);
  }
  return jsonReply(202, { request_id: randomUUID(), batch: results });
}

/** Fyno's 400 message for a malformed operation value, or null when it is acceptable. */
function checkOp(op: string, value: unknown): string | null {
  if (op === '$unset') {
    const ok = Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === 'string');
    return ok ? null : '$unset channel should have atleast one item in array';
  }
  const notAllowed = `${op} has object/keys that is not allowed`;
  if (!isPlainObject(value)) return notAllowed;
  for (const k in value) {
    const v = value[k];
    if (isPlainObject(v)) return notAllowed;
    if ((op === '$append' || op === '$remove') && Array.isArray(v)) return notAllowed;
  }
  return null;
}

function applyOp(profiles: ProfileMaps, version: Version, id: string, op: string, value: unknown): void {
  const map = profiles[version];
  let profile = map.get(id);
  if (!profile) {
    if (!CREATING_OPS.has(op)) return;
    profile = newProfile(id, {});
    map.set(id, profile);
  }
  const props = profile.properties;
  if (op === '$unset') {
    for (const k of value as string[]) delete props[k];
  } else {
    const entries = value as Record<string, unknown>;
    for (const k in entries) {
      const v = entries[k];
      const current = props[k];
      if (op === '$set') props[k] = v;
      else if (op === '$once') {
        if (current === undefined) props[k] = v;
      } else if (op === '$add') {
        // Type mismatches are accepted and silently dropped, as Fyno documents.
        if (typeof v === 'number' && (current === undefined || typeof current === 'number')) {
          props[k] = (current ?? 0) + v;
        }
      } else if (op === '$append') {
        const list = current === undefined ? [] : current;
        if (Array.isArray(list) && !list.includes(v)) props[k] = [...list, v];
      } else if (op === '$remove' && Array.isArray(current)) {
        props[k] = current.filter((x) => x !== v);
      }
    }
  }
  profile.updated_at = new Date().toISOString();
}
