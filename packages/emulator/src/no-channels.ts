/**
 * The one log line for an accepted event that reached nobody: Fyno answers 202 with an empty
 * `response` and sends nothing, which is easy to mistake for a delivery (CONTRACT.md §3.1).
 */
import { profileDestinations } from './profiles-store.js';
import type { EmulatorState } from './state.js';
import type { Version } from './types.js';

/** What the reason needs of a recipient: its `to` and `distinct_id`. */
export interface Recipient {
  to: Record<string, string> | undefined;
  distinct_id: string | undefined;
}

// At most this many bulk seq numbers are listed; the count says how many there were.
const MAX_SEQS_LISTED = 10;

/** Log (unless quiet) that `event` resolved to no channels; `seqs` are the bulk items concerned. */
export function logNoChannels(state: EmulatorState, version: Version, event: string, recipient: Recipient, bulk?: { seqs: number[]; total: number }): void {
  if (state.quiet) return;
  const reason = whyNoChannels(state, version, event, recipient);
  // User-supplied strings are JSON-quoted, so a newline in one can not forge a log line.
  const what = `event ${JSON.stringify(event)} (${version})`;
  let line: string;
  if (bulk === undefined) {
    line = `202 with no channels: ${what} reached nobody, nothing was sent: ${reason}`;
  } else {
    const listed = bulk.seqs.slice(0, MAX_SEQS_LISTED).join(', ');
    const more = bulk.seqs.length > MAX_SEQS_LISTED ? ', …' : '';
    line =
      `202 with no channels for ${bulk.seqs.length} of ${bulk.total} batch items (seq ${listed}${more}): ` +
      `${what}, nothing was sent to them; seq ${bulk.seqs[0]}: ${reason}`;
  }
  process.stderr.write(`${line}\n`);
}

function whyNoChannels(state: EmulatorState, version: Version, event: string, r: Recipient): string {
  const id = r.distinct_id === undefined ? undefined : JSON.stringify(r.distinct_id);
  const profile = r.distinct_id === undefined ? undefined : state.profiles[version].get(r.distinct_id);
  const hasTo = r.to !== undefined && Object.keys(r.to).length > 0;
  if (id !== undefined && !hasTo) {
    if (!profile) return `no profile ${id} in ${version}, and no 'to'`;
    if (Object.keys(profileDestinations(profile.channel)).length === 0) {
      return `profile ${id} has no channel data, and no 'to'`;
    }
  }
  const routed = state.eventChannels.get(event);
  const channels = routed ? [...routed].join(', ') : 'none';
  return `the event routes only to ${channels}, and this recipient has no destination there`;
}
