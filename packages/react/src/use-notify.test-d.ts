import { describe, expectTypeOf, it } from 'vitest';
import type { NotifySuccessBody } from '@fyno-kit/core/server';
// The pattern the README shows: the policy's *type* only, so no server code reaches the bundle.
import type { definedPolicy, policy } from '../test/fixtures/policy';
import { createNotifyClient, isNotifyError, useNotify, type NotifyError, type NotifyOptions, type NotifyVariables } from './index';

type Events = 'order_shipped' | 'password_reset' | 'invite';

describe('useNotify<typeof policy>()', () => {
  const { notify, notifyAsync, variables, data, error, status } = useNotify<typeof policy>();

  it('accepts the policy’s events with their data', () => {
    notify('order_shipped', { order: 'A1' });
    notify('order_shipped', { order: 'A1', eta: 3 }, { idempotencyKey: 'order-A1' });
    notify('invite', { email: 'ana@example.com' });
    notify('password_reset', { anything: true });
    // A rule without a `data` check takes any object, or none.
    notify('password_reset');
    notify('password_reset', undefined, { idempotencyKey: 'k' });
  });

  it('rejects other events and wrong data at compile time', () => {
    // @ts-expect-error not in the policy
    notify('wrong_event', {});
    // @ts-expect-error not in the policy
    void notifyAsync('order_shiped', { order: 'A1' });
    // @ts-expect-error `order` must be a string (the schema's input type)
    notify('order_shipped', { order: 1 });
    // @ts-expect-error `order` is required
    notify('order_shipped', {});
    // @ts-expect-error a rule with a data check needs data
    notify('order_shipped');
    // @ts-expect-error the function rule's parameter type is the data type
    notify('invite', { mail: 'ana@example.com' });
    // @ts-expect-error idempotencyKey is a string
    notify('password_reset', {}, { idempotencyKey: 1 });
    // @ts-expect-error data is an object, not a string
    notify('password_reset', 'hello');
  });

  it('types the parameters from the policy', () => {
    expectTypeOf(notify).parameter(0).toEqualTypeOf<Events>();
    expectTypeOf(notifyAsync<'order_shipped'>).parameters.toEqualTypeOf<
      [
        event: 'order_shipped',
        data: { order: string; eta?: number },
        options?: NotifyOptions<{ event: 'order_shipped'; data: { order: string; eta?: number } }>,
      ]
    >();
  });

  it('types the results', () => {
    expectTypeOf(notify).returns.toEqualTypeOf<void>();
    expectTypeOf(notifyAsync).returns.toEqualTypeOf<Promise<NotifySuccessBody>>();
    expectTypeOf(data).toEqualTypeOf<NotifySuccessBody | undefined>();
    expectTypeOf(error).toEqualTypeOf<NotifyError | null>();
    expectTypeOf(status).toEqualTypeOf<'idle' | 'pending' | 'success' | 'error'>();
    expectTypeOf(useNotify().submittedAt).toEqualTypeOf<number>();
    expectTypeOf(variables).toEqualTypeOf<NotifyVariables<typeof policy> | undefined>();
    if (variables?.event === 'order_shipped') {
      expectTypeOf(variables.data).toEqualTypeOf<{ order: string; eta?: number }>();
    }
    if (variables?.event === 'invite') {
      expectTypeOf(variables.data).toEqualTypeOf<{ email: string }>();
    }
  });

  it('types error codes: the route’s and the browser’s', () => {
    expectTypeOf<NotifyError['code']>().toExtend<string>();
    expectTypeOf<'rate_limited'>().toExtend<NotifyError['code']>();
    expectTypeOf<'network_error' | 'invalid_response' | 'aborted'>().toExtend<NotifyError['code']>();
    expectTypeOf<'made_up'>().not.toExtend<NotifyError['code']>();
    expectTypeOf<NotifyError['retryAfterMs']>().toEqualTypeOf<number | undefined>();
    const caught: unknown = null;
    if (isNotifyError(caught)) expectTypeOf(caught).toEqualTypeOf<NotifyError>();
  });
});

describe('useNotify<typeof definedPolicy>() (core’s defineNotifyPolicy)', () => {
  const { notify } = useNotify<typeof definedPolicy>();

  it('reads names and data the same way', () => {
    expectTypeOf(notify).parameter(0).toEqualTypeOf<'order_shipped' | 'welcome'>();
    notify('order_shipped', { order: 'A1' });
    notify('welcome');
    // @ts-expect-error not in the policy
    notify('password_reset');
    // @ts-expect-error `order` must be a string
    notify('order_shipped', { order: null });
  });
});

describe('useNotify() without a policy', () => {
  const { notify, notifyAsync, variables } = useNotify();

  it('takes any event name and optional object data', () => {
    notify('anything', { x: 1 });
    notify('anything');
    void notifyAsync('other', {}, { idempotencyKey: 'k' });
    expectTypeOf(notify).parameter(0).toEqualTypeOf<string>();
    expectTypeOf(variables).toEqualTypeOf<{ event: string; data: Record<string, unknown> | undefined } | undefined>();
  });

  it('still rejects what is not an event name or object data', () => {
    // @ts-expect-error the event is a string
    notify(42, {});
    // @ts-expect-error data is an object
    notify('anything', 'text');
  });
});

describe('callbacks get the typed data and variables', () => {
  it('call level: the variables of that very event', () => {
    const { notify, notifyAsync } = useNotify<typeof policy>();
    notify(
      'order_shipped',
      { order: 'A1' },
      {
        onSuccess: (data, variables) => {
          expectTypeOf(data).toEqualTypeOf<NotifySuccessBody>();
          expectTypeOf(variables).toEqualTypeOf<{ event: 'order_shipped'; data: { order: string; eta?: number } }>();
        },
        onError: (error, variables) => {
          expectTypeOf(error).toEqualTypeOf<NotifyError>();
          expectTypeOf(variables.data.order).toEqualTypeOf<string>();
        },
        onSettled: (data, error, variables) => {
          expectTypeOf(data).toEqualTypeOf<NotifySuccessBody | undefined>();
          expectTypeOf(error).toEqualTypeOf<NotifyError | null>();
          expectTypeOf(variables.event).toEqualTypeOf<'order_shipped'>();
        },
        signal: new AbortController().signal,
      },
    );
    void notifyAsync('invite', { email: 'a@b.c' }, { onSuccess: (_data, v) => expectTypeOf(v.data).toEqualTypeOf<{ email: string }>() });
    notify('password_reset', undefined, { onSettled: (_d, _e, v) => expectTypeOf(v.data).toEqualTypeOf<Record<string, unknown> | undefined>() });
    // @ts-expect-error `order` is a string in the variables
    notify('order_shipped', { order: 'A1' }, { onSuccess: (_d, v: { event: 'order_shipped'; data: { order: number } }) => v });
    // @ts-expect-error signal is an AbortSignal
    notify('password_reset', {}, { signal: 'stop' });
  });

  it('hook level: the union of the policy’s variables, narrowed by event', () => {
    useNotify<typeof policy>({
      onSuccess: (data, variables) => {
        expectTypeOf(data).toEqualTypeOf<NotifySuccessBody>();
        expectTypeOf(variables).toEqualTypeOf<NotifyVariables<typeof policy>>();
        if (variables.event === 'invite') expectTypeOf(variables.data).toEqualTypeOf<{ email: string }>();
      },
      onError: (error, variables) => {
        expectTypeOf(error).toEqualTypeOf<NotifyError>();
        expectTypeOf(variables.event).toEqualTypeOf<Events>();
      },
      onSettled: (data, error) => {
        expectTypeOf(data).toEqualTypeOf<NotifySuccessBody | undefined>();
        expectTypeOf(error).toEqualTypeOf<NotifyError | null>();
      },
    });
    // @ts-expect-error not a callback of useNotify
    useNotify<typeof policy>({ onMutate: () => {} });
  });
});

describe('createNotifyClient<typeof policy>()', () => {
  const client = createNotifyClient<typeof policy>({ endpoint: '/api/fyno/notify' });

  it('types events and data like the hook, and returns the 202 body', () => {
    expectTypeOf(client.notify('order_shipped', { order: 'A1' })).toEqualTypeOf<Promise<NotifySuccessBody>>();
    void client.notify('password_reset');
    void client.notify('password_reset', {}, { idempotencyKey: 'k', signal: AbortSignal.timeout(1000) });
    // @ts-expect-error not in the policy
    void client.notify('wrong_event', {});
    // @ts-expect-error `order` must be a string
    void client.notify('order_shipped', { order: 1 });
    // @ts-expect-error the client takes no callbacks: use notifyAsync's promise or TanStack Query's
    void client.notify('password_reset', {}, { onSuccess: () => {} });
  });

  it('fits TanStack Query’s mutationFn: variables in, the 202 body out', () => {
    const mutationFn = ({ event, data }: NotifyVariables<typeof policy>) => client.notify(event, data);
    expectTypeOf(mutationFn).returns.toEqualTypeOf<Promise<NotifySuccessBody>>();
  });
});
