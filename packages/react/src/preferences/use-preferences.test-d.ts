/** The hook's types: channels are the preference union, errors carry the route's codes, callbacks are typed. */
import { describe, expectTypeOf, it } from 'vitest';
import { usePreferences, type PreferenceChange, type PreferenceChannel, type PreferencesError, type PreferencesStatus, type PreferencesView } from './index';

describe('usePreferences()', () => {
  const { data, status, error, setChannel, setChannelAsync, isSaving } = usePreferences();

  it('types data, status and error', () => {
    expectTypeOf(data).toEqualTypeOf<PreferencesView | undefined>();
    expectTypeOf(status).toEqualTypeOf<PreferencesStatus>();
    expectTypeOf<PreferencesStatus>().toEqualTypeOf<'pending' | 'success' | 'error'>();
    expectTypeOf(isSaving).toBeBoolean();
    expectTypeOf(error).toEqualTypeOf<PreferencesError | null>();
    expectTypeOf<'channel_required'>().toMatchTypeOf<NonNullable<typeof error>['code']>();
    expectTypeOf<'topic_not_allowed'>().toMatchTypeOf<NonNullable<typeof error>['code']>();
    expectTypeOf<'network_error'>().toMatchTypeOf<NonNullable<typeof error>['code']>();
    type Channel = PreferencesView['sections'][number]['topics'][number]['channels'][number];
    expectTypeOf<Channel['required']>().toBeBoolean();
    expectTypeOf<Channel['channel']>().toEqualTypeOf<PreferenceChannel>();
  });

  it('accepts a topic or `all`, a preference channel (webpush included) and on/off', () => {
    setChannel('SORDERS001', 'email', false);
    setChannel('all', 'webpush', true);
    expectTypeOf(setChannelAsync('all', 'sms', false)).toEqualTypeOf<Promise<PreferencesView>>();
    // @ts-expect-error not a channel
    setChannel('SORDERS001', 'fax', false);
    // @ts-expect-error on is a boolean, not a Fyno status string
    setChannel('SORDERS001', 'email', 'opted-out');
    // @ts-expect-error a topic is named by its id
    setChannel(1, 'email', true);
  });

  it('passes onMutate’s result to the other callbacks as context', () => {
    usePreferences({
      onMutate: (variables) => {
        expectTypeOf(variables).toEqualTypeOf<PreferenceChange>();
        return { previous: 1 };
      },
      onError: (error, variables, context) => {
        expectTypeOf(error).toEqualTypeOf<PreferencesError>();
        expectTypeOf(variables.on).toBeBoolean();
        expectTypeOf(context).toEqualTypeOf<{ previous: number } | undefined>();
      },
      onSettled: (data, error) => {
        expectTypeOf(data).toEqualTypeOf<PreferencesView | undefined>();
        expectTypeOf(error).toEqualTypeOf<PreferencesError | null>();
      },
    });
  });
});
