/**
 * Whether one channel of one message is sent, from the topic's channel state, the user's choice,
 * their global opt-out and the suppression list (CONTRACT.md §4.3). A pure function, so the whole
 * table is tested row by row.
 */

/** A topic's state for one channel; `none` when the event has no topic. */
export type ChannelState = 'required' | 'on' | 'off' | 'none';

/** Why a channel was not sent. */
export type SkipReason = 'suppressed' | 'global_opt_out' | 'topic_opt_out' | 'topic_off';

/** What decides one channel of one message. */
export interface DecisionInput {
  state: ChannelState;
  /** The user's choice for this topic and channel, when they made one. */
  choice: 'opted-in' | 'opted-out' | undefined;
  /** The user opted out of this channel for every topic (`all`). */
  globalOptOut: boolean;
  /** The destination or the user is on the suppression list for this channel. */
  suppressed: boolean;
}

/** `null` when the channel is sent, else why not. */
export function decide(input: DecisionInput): SkipReason | null {
  // The suppression list is a deliverability block (bounces, complaints): it beats `required`.
  if (input.suppressed) return 'suppressed';
  if (input.state === 'required' || input.state === 'none') return null;
  if (input.globalOptOut) return 'global_opt_out';
  if (input.choice === 'opted-out') return 'topic_opt_out';
  if (input.choice === 'opted-in') return null;
  return input.state === 'off' ? 'topic_off' : null;
}

/** One sentence per reason, for the inbox page and `/_emulator/messages`. */
export function explainSkip(reason: SkipReason, topicName: string | undefined): string {
  const topic = topicName === undefined ? 'this topic' : `topic "${topicName}"`;
  switch (reason) {
    case 'suppressed':
      return 'the destination or the user is on the suppression list for this channel';
    case 'global_opt_out':
      return 'the user opted out of this channel for every topic';
    case 'topic_opt_out':
      return `the user opted out of this channel for ${topic}`;
    case 'topic_off':
      return `${topic} has this channel off and the user has not opted in`;
  }
}
