import { type PreferencesView, usePreferences } from '@fyno-kit/react/preferences';

const SAVE_STATE = { saving: 'Saving…', saved: 'Saved' } as const;

/**
 * "Notification settings": the signed-in user's own preferences through the server's preferences
 * route (`usePreferences()`). A topic's channel turned off here is skipped by the next fire of the
 * topic's events; the inbox shows the skip and its reason.
 */
export function PreferencesPanel({ userId }: { userId: string | null }) {
  return (
    <section className="card" aria-labelledby="preferences-title" data-testid="preferences">
      <h2 id="preferences-title">4. Notification settings</h2>
      {/* One hook per user: signing in as someone else reads their preferences afresh. */}
      {userId ? <PreferencesForm key={userId} /> : <p className="muted">Sign in to choose what you receive.</p>}
    </section>
  );
}

function PreferencesForm() {
  const { data, status, error, isSaving, setChannel } = usePreferences();
  if (status === 'pending') return <p className="muted">Loading your settings…</p>;
  return (
    <div className="prefs">
      {data && <Topics data={data} setChannel={setChannel} />}
      {data && data.global.length > 0 && (
        <fieldset className="prefs-topic">
          <legend>Every topic</legend>
          <p className="muted small">Off here turns the channel off everywhere, except what is required.</p>
          <div className="prefs-channels">
            {data.global.map((g) => (
              <label key={g.channel} className="prefs-channel">
                <input type="checkbox" data-testid={`pref-all-${g.channel}`} checked={g.on} onChange={(e) => setChannel('all', g.channel, e.target.checked)} />
                {g.channel}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <p className={`status ${error ? 'err' : 'idle'}`} data-testid="preferences-status" role="status">
        {error ? (
          <>
            <code>{error.code}</code> — {error.message}
          </>
        ) : isSaving ? (
          SAVE_STATE.saving
        ) : (
          SAVE_STATE.saved
        )}
      </p>
    </div>
  );
}

function Topics({ data, setChannel }: { data: PreferencesView; setChannel: ReturnType<typeof usePreferences>['setChannel'] }) {
  return (
    <>
      {data.sections.map((section) => (
        <div key={section.name}>
          <h3>{section.name}</h3>
          {section.topics.map((topic) => (
            <fieldset key={topic.id} className="prefs-topic" data-testid={`pref-topic-${topic.id}`}>
              <legend>{topic.name}</legend>
              {topic.description && <p className="muted small">{topic.description}</p>}
              <div className="prefs-channels">
                {topic.channels.map((c) => (
                  <label key={c.channel} className={`prefs-channel ${c.required ? 'locked' : ''}`} title={c.required ? 'Required: always sent' : undefined}>
                    <input
                      type="checkbox"
                      data-testid={`pref-${topic.id}-${c.channel}`}
                      checked={c.on}
                      // Required channels are locked: the route refuses a change (409 channel_required).
                      disabled={c.required}
                      onChange={(e) => setChannel(topic.id, c.channel, e.target.checked)}
                    />
                    {c.channel}
                    {c.required && (
                      <span className="lock" data-testid={`pref-locked-${topic.id}-${c.channel}`}>
                        {' '}
                        (required)
                      </span>
                    )}
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
        </div>
      ))}
    </>
  );
}
