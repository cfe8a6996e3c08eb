/** The optimistic side of `setChannel`: what the view looks like once the route applies a change. */
import type { PreferenceChangeInput, PreferencesView } from '@fyno-kit/core/server';

/** One change, as the route's body lists them: a topic's channel, or (`all`) the global switch. */
export type PreferenceChange = PreferenceChangeInput;

/**
 * `view` with `change` applied, as far as the browser can know it; untouched parts are shared.
 * A required channel never changes (the route refuses it). Turning a channel off for `all` turns it
 * off in every topic; turning it back on shows each topic's own choice, which only the route knows,
 * so topics keep their state until its answer replaces the view.
 */
export function applyChange(view: PreferencesView, { topic, channel, on }: PreferenceChange): PreferencesView {
  const all = topic === 'all';
  return {
    global: all ? view.global.map((g) => (g.channel === channel ? { ...g, on } : g)) : view.global,
    sections:
      all && on
        ? view.sections
        : view.sections.map((section) => ({
            ...section,
            topics: section.topics.map((t) =>
              all || t.id === topic ? { ...t, channels: t.channels.map((c) => (c.channel === channel && !c.required ? { ...c, on } : c)) } : t,
            ),
          })),
  };
}
