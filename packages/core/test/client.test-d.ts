import { describe, expectTypeOf, it } from 'vitest';
import { Fyno, type FireBulkResponse, type FireResponse } from '../src/index';

type MyEvents = {
  order_shipped: { order: string; eta?: string };
  password_reset: Record<string, never>;
};

describe('a typed client: new Fyno<MyEvents>()', () => {
  const fyno = new Fyno<MyEvents>({ workspaceId: 'FY1', apiKey: 'k' });

  it('takes known events with their data', () => {
    expectTypeOf(fyno.fire('order_shipped', { distinct_id: 'u', data: { order: 'A-1' } })).toEqualTypeOf<Promise<FireResponse>>();
    expectTypeOf(fyno.fire('order_shipped', [{ to: { email: 'a@b.co' }, data: { order: 'A-1' } }])).toEqualTypeOf<Promise<FireBulkResponse>>();
    expectTypeOf(fyno.fireBulk('password_reset', [{ distinct_id: 'u' }])).toEqualTypeOf<Promise<FireBulkResponse>>();
    fyno.queue().enqueue('order_shipped', { distinct_id: 'u', data: { order: 'A-2', eta: 'tomorrow' } });
  });

  it('refuses unknown events and wrong data at compile time', () => {
    // @ts-expect-error: not an event of MyEvents
    void fyno.fire('order_shiped', { distinct_id: 'u' });
    // @ts-expect-error: `order` must be a string
    void fyno.fire('order_shipped', { distinct_id: 'u', data: { order: 1 } });
    // @ts-expect-error: `order` is required
    void fyno.fireBulk('order_shipped', [{ distinct_id: 'u', data: { eta: 'soon' } }]);
    // @ts-expect-error: unknown event on the queue too
    fyno.queue().enqueue('nope', { distinct_id: 'u' });
  });

  it('needs a recipient: distinct_id, to, or both', () => {
    // @ts-expect-error: neither distinct_id nor to
    void fyno.fire('password_reset', { data: {} });
    // @ts-expect-error: to values are strings
    void fyno.fire('password_reset', { to: { email: ['a@b.co'] } });
  });
});

describe('the default client', () => {
  it('takes any event name and any object data', () => {
    const fyno = new Fyno({ workspaceId: 'FY1', apiKey: 'k' });
    expectTypeOf(fyno.fire('anything', { to: { sms: '+15550001111' }, data: { nested: { a: [1] } } })).toEqualTypeOf<Promise<FireResponse>>();
  });
});
