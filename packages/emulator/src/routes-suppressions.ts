/**
 * X1–X3 (CONTRACT.md §4.4): the workspace's suppression list at `/v1/{WSID}/suppressions`, with
 * no version segment. Fires skip a suppressed user or destination on that channel.
 */
import { errorReply, isPlainObject, jsonReply, okReply, type Reply } from './respond.js';
import { withBody, type RouteContext } from './state.js';
import { invalidDestination, SUPPRESSION_CHANNELS } from './suppressions-store.js';

/** X1: every entry. */
export function listSuppressions(call: RouteContext): Reply {
  return jsonReply(200, call.state.suppressions.list());
}

/** X2: add a user (`distinct_id`, which wins) or a destination on one channel. */
export const addSuppression = withBody((call, body) => {
  if (!isPlainObject(body)) return errorReply(400, 'Request body must be a JSON object');
  const { distinct_id: distinctId, destination, channel, description } = body;
  if (channel === undefined || channel === null || channel === '') return errorReply(400, 'channel is required!');
  if (typeof channel !== 'string' || !SUPPRESSION_CHANNELS.has(channel)) {
    return errorReply(400, `'channel' must be one of ${[...SUPPRESSION_CHANNELS].join(', ')}`);
  }
  if (description !== undefined && typeof description !== 'string') return errorReply(400, "'description' must be a string");
  const hasId = typeof distinctId === 'string' && distinctId !== '';
  if (!hasId) {
    if (typeof destination !== 'string' || destination === '') return errorReply(400, 'distinct_id or destination is required!');
    const invalid = invalidDestination(channel, destination);
    if (invalid) return errorReply(400, invalid);
  }
  call.state.suppressions.add({
    channel,
    ...(hasId ? { distinct_id: distinctId as string } : { destination: destination as string }),
    ...(description === undefined ? {} : { description }),
  });
  return okReply(200, 'User has been added to the suppression!');
});

/** X3: remove by `_id`, else `distinct_id`, else `destination`. */
export function removeSuppression(call: RouteContext): Reply {
  const query = new URLSearchParams(call.query);
  const by = {
    ...(query.get('_id') ? { _id: query.get('_id') as string } : {}),
    ...(query.get('distinct_id') ? { distinct_id: query.get('distinct_id') as string } : {}),
    ...(query.get('destination') ? { destination: query.get('destination') as string } : {}),
  };
  if (Object.keys(by).length === 0) return errorReply(400, '_id, distinct_id or destination is required!');
  const removed = call.state.suppressions.remove(by);
  if (removed === 0) return errorReply(400, 'Unable to delete non existing data!');
  return okReply(200, `${removed} record(s) has been deleted!`);
}
