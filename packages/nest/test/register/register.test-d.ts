/**
 * Events declared once, in `Register`, type the `Fyno` Nest injects, with no `<MyEvents>`. Checked
 * with the type tests only (test/types.tsconfig.json): the augmentation would otherwise reach every
 * other test's client.
 */
import type { FireResponse, Fyno } from '@fyno-kit/core';
import type { FynoModule } from '@fyno-kit/nest';
import { describe, expectTypeOf, it } from 'vitest';

declare module '@fyno-kit/core' {
  interface Register {
    events: { order_shipped: { order: string }; password_reset: Record<string, never> };
  }
}

// As a Nest service declares it (`@Injectable()`, `@InjectFyno() private readonly fyno: Fyno`); the
// decorators change nothing in the type, and vitest collects type tests without decorator support.
class Orders {
  constructor(private readonly fyno: Fyno) {}

  ship(order: string) {
    return this.fyno.fire('order_shipped', { distinct_id: 'u', data: { order } });
  }

  typo() {
    // @ts-expect-error: a typo is a compile error
    return this.fyno.fire('order_shiped', { distinct_id: 'u' });
  }

  wrongData() {
    // @ts-expect-error: `order` must be a string
    return this.fyno.fire('order_shipped', { distinct_id: 'u', data: { order: 1 } });
  }
}

describe('events declared once in Register', () => {
  it("type Nest's injected Fyno", () => {
    expectTypeOf<Orders['ship']>().returns.toEqualTypeOf<Promise<FireResponse>>();
    // FynoModule provides the client under the `Fyno` class itself, so this is the type injected.
    expectTypeOf<ReturnType<typeof FynoModule.forRoot>>().not.toBeAny();
  });
});
