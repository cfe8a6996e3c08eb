/**
 * Which statuses the emulator reports for a message on one channel, in order. An assumption until
 * checked against a live workspace (Fyno documents its log statuses, not which reach webhooks).
 */

/** Channels whose messages are also opened: they get a READ after DELIVERED. */
const READ_CHANNELS = new Set(['email', 'inapp']);
const PHONE_CHANNELS = new Set(['sms', 'whatsapp', 'voice']);

/**
 * The test convention for failures: an email whose local part is `fail` (or starts with `fail+`), a
 * phone number ending in `0000`, or any other destination starting with `fail` (after an optional
 * `prefix:`, e.g. `fcm_token:fail-1`).
 */
export function failsDelivery(channel: string, destination: string): boolean {
  const value = destination.trim().toLowerCase();
  if (channel === 'email') {
    const local = value.split('@')[0] ?? '';
    return local === 'fail' || local.startsWith('fail+');
  }
  if (PHONE_CHANNELS.has(channel)) return value.replace(/\D/g, '').endsWith('0000');
  const afterPrefix = value.includes(':') ? value.slice(value.indexOf(':') + 1) : value;
  return afterPrefix.startsWith('fail');
}

/** The statuses reported for one channel of one message, oldest first. */
export function lifecycle(channel: string, destination: string): string[] {
  if (failsDelivery(channel, destination)) return ['Processed', 'FAILED'];
  return READ_CHANNELS.has(channel) ? ['Processed', 'DELIVERED', 'READ'] : ['Processed', 'DELIVERED'];
}
