/**
 * Turn an accepted API message into the in-app message Fyno's clients read. The emulator has no
 * templates, so `notification_content` comes from the fire's `data` (CONTRACT.md §10.4).
 */
import { isPlainObject } from './respond.js';
import type { InappContent } from './inapp-types.js';

/** `data` keys copied into `notification_content` when they have the right type. */
const STRING_KEYS = ['title', 'body', 'icon', 'tag'] as const;
const BOOLEAN_KEYS = ['silent_message', 'notify_tag_update'] as const;

/** The content of one in-app message fired as `event` with `data`. */
export function inappContent(event: string, data: unknown): InappContent {
  const d = isPlainObject(data) ? data : {};
  const content: InappContent = { title: event, body: '' };
  for (const key of STRING_KEYS) {
    const value = d[key];
    if (typeof value === 'string') content[key] = value;
  }
  // Without a `body`, show the data itself so a message is never blank.
  if (typeof d.body !== 'string' && Object.keys(d).length > 0) content.body = summary(d);
  for (const key of BOOLEAN_KEYS) {
    const value = d[key];
    if (typeof value === 'boolean') content[key] = value;
  }
  if (isPlainObject(d.action) && typeof d.action.href === 'string') {
    content.action = { href: d.action.href, sameTab: stringFlag(d.action.sameTab) };
  }
  if (Array.isArray(d.buttons)) {
    content.buttons = d.buttons.filter(isPlainObject).flatMap((b) =>
      typeof b.label === 'string'
        ? [
            {
              label: b.label,
              ...(typeof b.action === 'string' ? { action: b.action } : {}),
              primary: stringFlag(b.primary),
              sameTab: stringFlag(b.sameTab),
            },
          ]
        : [],
    );
  }
  if (isPlainObject(d.attachments) && typeof d.attachments.attachment === 'string') {
    const type = typeof d.attachments.type === 'string' ? d.attachments.type : 'Image';
    content.attachments = { type, attachment: d.attachments.attachment };
  }
  if (d.additional_data !== undefined) content.additional_data = d.additional_data;
  return content;
}

/** Fyno sends these flags as the strings `'true'` / `'false'` (CONTRACT.md §10.4). */
function stringFlag(value: unknown): 'true' | 'false' {
  return value === true || value === 'true' ? 'true' : 'false';
}

function summary(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([key]) => !['title', 'icon', 'tag', 'action', 'buttons', 'attachments', 'additional_data', 'silent_message', 'notify_tag_update'].includes(key))
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('\n');
}
