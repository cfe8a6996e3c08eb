/**
 * P1–P7 (CONTRACT.md §4): create, get, replace, merge, delete profiles and add or remove their
 * channel data, with Fyno's documented messages (including its grammar) and 400s where Fyno uses them.
 */
import { channelError, hasChannelData, newProfile, normalizeChannels, profileView, type StoredProfile } from './profiles-store.js';
import { errorReply, isPlainObject, jsonReply, okReply, type Reply } from './respond.js';
import { withBody, type RouteContext } from './state.js';
import type { ProfileChannels, ProfileToken } from './types.js';

const NO_SUCH_ID = 'incorrect/non existing distinct_id provided';
const NO_SUCH_CHANNEL = 'Unable to delete channel since the channel does not exist';
const CHANNEL_MODIFIED = 'Channel has been modified successfully';
const NOT_AN_OBJECT = 'Request body must be a JSON object';

/** P1: create a profile. */
export const createProfile = withBody((call, body) => create(profilesOf(call), body, call));

/** P2: a profile in Fyno's GET shape; a missing one is a 400, not a 404. */
export function getProfile(call: RouteContext): Reply {
  const profile = profilesOf(call).get(call.params.distinct_id ?? '');
  return profile ? jsonReply(200, profileView(profile, call.version)) : errorReply(400, NO_SUCH_ID);
}

/** P3: replace the passed keys of a profile (and rename it when `distinct_id` is passed). */
export const updateProfile = withBody((call, body) => update(profilesOf(call), call.params.distinct_id ?? '', body, call));

/** P4: merge `source` into `target` (takes no body). */
export function mergeProfiles(call: RouteContext): Reply {
  const reply = merge(profilesOf(call), call.params.source ?? '', call.params.target ?? '');
  // Preferences follow the profile; the target's own choices win.
  if (reply.status === 200 && call.params.source !== call.params.target) {
    call.state.preferences.move(call.version, call.params.source ?? '', call.params.target ?? '');
  }
  return reply;
}

/** P5: delete profiles by id. */
export const deleteProfiles = withBody((call, body) => {
  const reply = remove(profilesOf(call), body);
  if (reply.status === 200 && isPlainObject(body)) {
    const ids = typeof body.distinct_id === 'string' ? [body.distinct_id] : (body.distinct_id as string[]);
    for (const id of ids) call.state.preferences.forget(call.version, id);
  }
  return reply;
});

/** P6: upsert single-value channels, append push/in-app tokens. */
export const addChannelData = withBody((call, body) => addChannel(profilesOf(call), call.params.distinct_id ?? '', body));

/** P7: clear whole channels, or remove specific tokens. */
export const deleteChannelData = withBody((call, body) => deleteChannel(profilesOf(call), call.params.distinct_id ?? '', body));

function profilesOf(call: RouteContext): Profiles {
  return call.state.profiles[call.version];
}

type Profiles = Map<string, StoredProfile>;

function create(profiles: Profiles, body: unknown, call: RouteContext): Reply {
  if (!isPlainObject(body)) return errorReply(400, NOT_AN_OBJECT);
  const id = body.distinct_id;
  if (typeof id !== 'string' || id === '') {
    return errorReply(400, "'distinct_id' is required and must be a non-empty string");
  }
  if (body.channel !== undefined) {
    const problem = channelError(body.channel);
    if (problem) return errorReply(400, problem);
  }
  if (profiles.has(id)) {
    return errorReply(400, `Distinct ID '${id}' already exists in the '${call.version}' version of your workspace`);
  }
  profiles.set(
    id,
    newProfile(id, {
      name: typeof body.name === 'string' ? body.name : undefined,
      status: body.status === 0 ? 0 : 1,
      timezone: typeof body.timezone === 'string' ? body.timezone : undefined,
      channel: body.channel as ProfileChannels | undefined,
      properties: isPlainObject(body.properties) ? body.properties : undefined,
    }),
  );
  return okReply(201, 'Profile created successfully');
}

function update(profiles: Profiles, id: string, body: unknown, call: RouteContext): Reply {
  if (!isPlainObject(body)) return errorReply(400, NOT_AN_OBJECT);
  const profile = profiles.get(id);
  if (!profile) return errorReply(400, 'Unable to update the record since the record does not exist');
  if (body.channel !== undefined) {
    const problem = channelError(body.channel);
    if (problem) return errorReply(400, problem);
  }
  const newId = body.distinct_id;
  if (newId !== undefined && (typeof newId !== 'string' || newId === '')) {
    return errorReply(400, "'distinct_id' must be a non-empty string");
  }
  if (typeof newId === 'string' && newId !== id) {
    if (profiles.has(newId)) {
      return errorReply(400, `Distinct ID '${newId}' already exists in the '${call.version}' version of your workspace`);
    }
    // Passing distinct_id renames the profile.
    profiles.delete(id);
    call.state.preferences.move(call.version, id, newId);
    profile.distinct_id = newId;
    profile.id_list = [newId, ...profile.id_list.filter((x) => x !== id && x !== newId)];
    profiles.set(newId, profile);
  }
  // Passed keys are replaced wholesale (the whole `channel` too); omitted keys stay.
  if (typeof body.name === 'string') profile.name = body.name;
  if (body.status === 0 || body.status === 1) profile.status = body.status;
  if (typeof body.timezone === 'string') profile.timezone = body.timezone;
  if (isPlainObject(body.channel)) profile.channel = normalizeChannels(body.channel);
  if (isPlainObject(body.properties)) profile.properties = { ...body.properties };
  profile.updated_at = new Date().toISOString();
  return okReply(200, '1 Record(s) updated successfully');
}

function merge(profiles: Profiles, sourceId: string, targetId: string): Reply {
  const source = profiles.get(sourceId);
  if (!source) return errorReply(400, 'merge from id does not exist');
  const target = profiles.get(targetId);
  if (sourceId !== targetId) {
    profiles.delete(sourceId);
    if (!target) {
      // No target: the source is renamed to it.
      source.distinct_id = targetId;
      source.id_list = [targetId, ...source.id_list];
      source.updated_at = new Date().toISOString();
      profiles.set(targetId, source);
    } else {
      mergeInto(target, source);
    }
  }
  return okReply(200, '1 Record(s) updated and 1 Records(s) deleted');
}

/** The target keeps its own values; the source fills gaps, token lists are unioned. */
function mergeInto(target: StoredProfile, source: StoredProfile): void {
  target.name ??= source.name;
  target.timezone ??= source.timezone;
  target.properties = { ...source.properties, ...target.properties };
  for (const name in source.channel) {
    const from = source.channel[name];
    const into = target.channel[name];
    if (Array.isArray(from)) {
      target.channel[name] = appendTokens(Array.isArray(into) ? into : [], from);
    } else if (!hasChannelData(into) && from !== undefined) {
      target.channel[name] = from;
    }
  }
  for (const id of source.id_list) if (!target.id_list.includes(id)) target.id_list.push(id);
  target.updated_at = new Date().toISOString();
}

function remove(profiles: Profiles, body: unknown): Reply {
  if (!isPlainObject(body)) return errorReply(400, NOT_AN_OBJECT);
  const raw = body.distinct_id;
  const ids = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((x) => typeof x !== 'string')) {
    return errorReply(400, "'distinct_id' must be a non-empty array of distinct IDs");
  }
  let deleted = 0;
  for (const id of ids as string[]) if (profiles.delete(id)) deleted++;
  if (deleted === 0) return errorReply(400, 'Cannot delete non existing user');
  return okReply(200, `${deleted} User(s) deleted successfully`);
}

function addChannel(profiles: Profiles, id: string, body: unknown): Reply {
  if (!isPlainObject(body)) return errorReply(400, NOT_AN_OBJECT);
  if (body.channel === undefined) return errorReply(400, "'channel' is required");
  const problem = channelError(body.channel);
  if (problem) return errorReply(400, problem);
  const profile = profiles.get(id);
  if (!profile) return errorReply(400, NO_SUCH_ID);
  const incoming = normalizeChannels(body.channel as Record<string, unknown>);
  for (const name in incoming) {
    const value = incoming[name];
    const current = profile.channel[name];
    // Single-value channels are upserted; token channels are appended to.
    profile.channel[name] = Array.isArray(value) ? appendTokens(Array.isArray(current) ? current : [], value) : value;
  }
  profile.updated_at = new Date().toISOString();
  return okReply(200, CHANNEL_MODIFIED);
}

function deleteChannel(profiles: Profiles, id: string, body: unknown): Reply {
  if (!isPlainObject(body)) return errorReply(400, NOT_AN_OBJECT);
  const names = body.channel;
  const tokenKeys = Object.keys(body).filter((k) => k !== 'channel');
  if (names !== undefined && tokenKeys.length > 0) {
    return errorReply(400, "Send either 'channel' or token lists such as 'push', not both");
  }
  if (names === undefined && tokenKeys.length === 0) {
    return errorReply(400, "'channel' (a list of channel names) or token lists are required");
  }
  if (names !== undefined && !isStringArray(names)) {
    return errorReply(400, "'channel' must be an array of channel names");
  }
  for (const k of tokenKeys) {
    if (!isStringArray(body[k])) return errorReply(400, `'${k}' must be an array of tokens`);
  }
  const profile = profiles.get(id);
  if (!profile) return errorReply(400, NO_SUCH_ID);
  const channel: ProfileChannels = profile.channel;
  let changed = 0;
  if (names !== undefined) {
    for (const name of names as string[]) {
      if (hasChannelData(channel[name])) {
        delete channel[name];
        changed++;
      }
    }
  } else {
    for (const k of tokenKeys) {
      const current = channel[k];
      if (!Array.isArray(current)) continue;
      const drop = new Set(body[k] as string[]);
      const kept = current.filter((t) => !drop.has(t.token));
      changed += current.length - kept.length;
      channel[k] = kept;
    }
  }
  if (changed === 0) return errorReply(400, NO_SUCH_CHANNEL);
  profile.updated_at = new Date().toISOString();
  return okReply(200, CHANNEL_MODIFIED);
}

/** Append tokens, updating (not duplicating) a token that is already present. */
function appendTokens(current: ProfileToken[], added: ProfileToken[]): ProfileToken[] {
  const out = current.slice();
  for (const t of added) {
    const at = out.findIndex((x) => x.token === t.token);
    if (at === -1) out.push(t);
    else out[at] = t;
  }
  return out;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((x) => typeof x === 'string');
}
