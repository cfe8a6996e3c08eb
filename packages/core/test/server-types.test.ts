/** Type-level contract of the policy helpers the React hook reads (checked by `tsc`, run by vitest). */
import { describe, expectTypeOf, it } from 'vitest';
import {
  createNotifyHandler,
  createNotifyRoute,
  defineNotifyPolicy,
  type NotifyEventData,
  type NotifyEventName,
  type StandardSchemaLike,
} from '../src/server/index';

// Only its type matters here; the policy is never run.
const orderSchema = {} as StandardSchemaLike<{ order: string }, { order: string }>;

const policy = defineNotifyPolicy({
  identify: (req: Request) => req.headers.get('x-user'),
  events: {
    order_shipped: { data: orderSchema },
    password_reset: {},
    with_fn: { data: (d: { n: number }) => d },
  },
});

describe('policy types', () => {
  it("keeps literal event names and each event's data type", () => {
    expectTypeOf<NotifyEventName<typeof policy>>().toEqualTypeOf<'order_shipped' | 'password_reset' | 'with_fn'>();
    expectTypeOf<NotifyEventData<typeof policy, 'order_shipped'>>().toEqualTypeOf<{ order: string }>();
    expectTypeOf<NotifyEventData<typeof policy, 'with_fn'>>().toEqualTypeOf<{ n: number }>();
    expectTypeOf<NotifyEventData<typeof policy, 'password_reset'>>().toEqualTypeOf<Record<string, unknown> | undefined>();
  });

  it('a defined policy mounts unchanged in the web-standard handler and the generic route', () => {
    expectTypeOf(createNotifyHandler).toBeCallableWith(policy);
    expectTypeOf(createNotifyRoute<Request>).toBeCallableWith(policy);
  });
});
