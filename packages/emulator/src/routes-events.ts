/**
 * E1 (`event`) and E2 (`event/bulk`) of CONTRACT.md §3: validation, routing of `to` /
 * `distinct_id` to channel destinations, message recording and Idempotency-Key replay.
 */
import { randomUUID } from 'node:crypto';
import { explainSkip } from './delivery-decision.js';
import { logNoChannels } from './no-channels.js';
import { profileDestinations } from './profiles-store.js';
import { errorReply, isPlainObject, type Reply } from './respond.js';
import { parseBody, type EmulatorState, type RouteContext } from './state.js';
import type { MessageRecord, SkippedChannel, Version } from './types.js';

/** A validated recipient item (an E1 body, or one E2 batch entry). */
interface Item {
  to: Record<string, string> | undefined;
  distinct_id: string | undefined;
  data: unknown;
  callback: unknown;
}

// A short rolling counter makes the `:XXXX` msg_id suffix without drawing more randomness.
let suffixCounter = 0;

/** Where and when one message was accepted: its ids, and its place in a bulk call. */
interface Stamp {
  requestId: string;
  receivedAt: string;
  bulk?: { seq: number; batchRequestId: string };
}

/** E1: one event. */
export function fireEvent(call: RouteContext): Reply {
  return idempotent(call, fireOne);
}

/** E2: one event to a batch of recipients. */
export function fireBulkEvent(call: RouteContext): Reply {
  return idempotent(call, fireBulk);
}

/** Run `fire`, or replay the first response when the Idempotency-Key was seen before. */
function idempotent(call: RouteContext, fire: (call: RouteContext) => Reply): Reply {
  const key = call.idempotencyKey;
  if (key === undefined) return fire(call);
  const { state } = call;
  const scopedKey = `${state.workspaceId}\u0000${call.version}\u0000${call.route}\u0000${key}`;
  const nowMs = Date.now();
  const prior = state.idempotency.get(scopedKey, nowMs);
  if (prior) {
    call.entry.idempotent_replay = true;
    return prior;
  }
  const reply = fire(call);
  // Only accepted calls are remembered: a rejected one sent nothing, so a corrected retry
  // under the same key must be allowed through.
  if (reply.status < 300) state.idempotency.set(scopedKey, reply, nowMs);
  return reply;
}

function fireOne(call: RouteContext): Reply {
  const parsed = parseBody(call);
  if (!parsed.ok) return parsed.reply;
  const body = parsed.value;
  if (!isPlainObject(body)) return errorReply(400, 'Request body must be a JSON object');
  const event = checkEvent(call.state, body.event, call.version);
  if (typeof event !== 'string') return event;
  const item = checkItem(body);
  if (typeof item === 'string') return errorReply(400, item);
  const nowMs = Date.now();
  const receivedAt = new Date(nowMs).toISOString();
  const requestId = randomUUID();
  const response = record(call, event, item, { requestId, receivedAt });
  if (isEmpty(response)) logNoChannels(call.state, call.version, event, item);
  return {
    status: 202,
    body: JSON.stringify({ event, received_time: receivedAt, request_id: requestId, response }),
  };
}

function fireBulk(call: RouteContext): Reply {
  const parsed = parseBody(call);
  if (!parsed.ok) return parsed.reply;
  const body = parsed.value;
  if (!isPlainObject(body)) return errorReply(400, 'Request body must be a JSON object');
  const event = checkEvent(call.state, body.event, call.version);
  if (typeof event !== 'string') return event;
  const batch = body.batch;
  if (!Array.isArray(batch)) return errorReply(400, "'batch' is required and must be an array");
  if (batch.length === 0) return errorReply(400, "'batch' must contain at least one item");
  // Validate every item first: the batch is accepted whole or not at all.
  const items: Item[] = [];
  for (let i = 0; i < batch.length; i++) {
    const raw: unknown = batch[i];
    if (!isPlainObject(raw)) return errorReply(400, `batch[${i}]: item must be a JSON object`);
    const item = checkItem(raw);
    if (typeof item === 'string') return errorReply(400, `batch[${i}]: ${item}`);
    items.push(item);
  }
  const nowMs = Date.now();
  const receivedAt = new Date(nowMs).toISOString();
  const batchRequestId = randomUUID();
  const response: Record<string, unknown>[] = [];
  const reachedNobody: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const requestId = randomUUID();
    const channels = record(call, event, items[i] as Item, {
      requestId,
      receivedAt,
      bulk: { seq: i + 1, batchRequestId },
    });
    if (isEmpty(channels)) reachedNobody.push(i + 1);
    response.push({ seq: i + 1, request_id: requestId, ...channels });
  }
  const first = reachedNobody[0];
  if (first !== undefined) {
    logNoChannels(call.state, call.version, event, items[first - 1] as Item, {
      seqs: reachedNobody,
      total: items.length,
    });
  }
  return {
    status: 202,
    body: JSON.stringify({ event, received_time: nowMs, request_id: batchRequestId, response }),
  };
}

/** The event name, or the 400 for a missing or unknown one. */
function checkEvent(state: EmulatorState, event: unknown, version: Version): string | Reply {
  if (typeof event !== 'string' || event === '') {
    return errorReply(400, "'event' is required and must be a non-empty string");
  }
  if (state.events !== null && !state.events.has(event)) {
    const where = version === 'live' ? 'prod' : 'test';
    return errorReply(400, `The notification event name '${event}' is invalid or does not exists on ${where}`);
  }
  return event;
}

/** Validate the recipient fields of an E1 body or E2 item; a string is the error message. */
function checkItem(body: Record<string, unknown>): Item | string {
  const { to, distinct_id: distinctId, data, callback } = body;
  let toMap: Record<string, string> | undefined;
  if (to !== undefined && to !== null) {
    if (!isPlainObject(to)) return "'to' must be an object of channel: destination strings";
    for (const channel in to) {
      const value = to[channel];
      if (typeof value !== 'string' || value === '') {
        return `'to.${channel}' must be a non-empty string`;
      }
    }
    toMap = to as Record<string, string>;
  }
  let id: string | undefined;
  if (distinctId !== undefined && distinctId !== null) {
    if (typeof distinctId !== 'string' || distinctId === '') {
      return "'distinct_id' must be a non-empty string";
    }
    id = distinctId;
  }
  if (id === undefined && (toMap === undefined || isEmpty(toMap))) {
    return "Either 'to' or 'distinct_id' is required";
  }
  if (data !== undefined && data !== null && !isPlainObject(data)) return "'data' must be an object";
  if (callback !== undefined && callback !== null && !isPlainObject(callback)) {
    return "'callback' must be an object";
  }
  return { to: toMap, distinct_id: id, data: data ?? undefined, callback: callback ?? undefined };
}

/** Resolve destinations, store the message and return its per-channel response map. */
function record(call: RouteContext, event: string, item: Item, stamp: Stamp): Record<string, { destination: string; msg_id: string; status: 'ok' }> {
  const { state } = call;
  const { requestId, receivedAt, bulk } = stamp;
  let channels: Record<string, string>;
  const profile = item.distinct_id === undefined ? undefined : state.profiles[call.version].get(item.distinct_id);
  if (profile) {
    // Profile channels first, then `to` on top: `to` wins per channel.
    channels = profileDestinations(profile.channel);
    if (item.to) Object.assign(channels, item.to);
  } else {
    channels = item.to ? { ...item.to } : {};
  }
  // Fyno sends only on the channels the event's template has: routing ∩ destinations.
  const routed = state.eventChannels.get(event);
  if (routed) for (const channel in channels) if (!routed.has(channel)) delete channels[channel];
  // What the user chose and the suppression list, applied per channel at fire time (§4.3).
  let skipped: Record<string, SkippedChannel> | undefined;
  const linked = state.preferences.topics.ofEvent(event);
  for (const channel in channels) {
    const destination = channels[channel] as string;
    const suppressed = state.suppressions.blocks(channel, item.distinct_id, destination);
    const decision = state.preferences.decide(call.version, item.distinct_id, event, channel, suppressed);
    if (decision.skip === null) continue;
    (skipped ??= {})[channel] = { destination, reason: decision.skip, detail: explainSkip(decision.skip, decision.topic?.name) };
    delete channels[channel];
  }
  const id = randomUUID();
  const response: Record<string, { destination: string; msg_id: string; status: 'ok' }> = {};
  const msgIds: Record<string, string> = {};
  for (const channel in channels) {
    suffixCounter = (suffixCounter + 1) & 0xffff;
    const msgId = `${id}:${suffixCounter.toString(16).toUpperCase().padStart(4, '0')}`;
    msgIds[channel] = msgId;
    response[channel] = { destination: channels[channel] as string, msg_id: msgId, status: 'ok' };
  }
  const message: MessageRecord = {
    id,
    request_id: requestId,
    msg_id: msgIds,
    event,
    version: call.version,
    channels,
    received_at: receivedAt,
    bulk: bulk !== undefined,
  };
  if (bulk) {
    message.batch_request_id = bulk.batchRequestId;
    message.seq = bulk.seq;
  }
  if (linked !== undefined) message.topic = { subscription_id: linked.subscription_id, name: linked.name };
  if (skipped !== undefined) message.skipped = skipped;
  if (state.verify.uses(event) && !isEmpty(channels)) {
    message.otp = state.verify.issue(requestId, Object.values(channels));
  }
  if (item.distinct_id !== undefined) message.distinct_id = item.distinct_id;
  if (item.to !== undefined) message.to = item.to;
  if (item.data !== undefined) message.data = item.data;
  if (item.callback !== undefined) message.callback = item.callback;
  if (call.idempotencyKey !== undefined) message.idempotency_key = call.idempotencyKey;
  state.messages.add(message);
  return response;
}

function isEmpty(value: Record<string, unknown>): boolean {
  for (const _ in value) return false;
  return true;
}
