import { FynoModule } from '@fyno-kit/nest';
import { z } from 'zod';
const orderSchema = z.object({ order: z.string() });
FynoModule.forRoot({
  notifyRoute: {
    identify: (req: { user?: { id: string } }) => req.user?.id ?? null, // the signed-in user → distinct_id (null → 401)
    events: { order_shipped: { data: orderSchema }, password_reset: {} },
    // path, guards, rateLimit, maxBodyBytes, onError, client — all optional
  },
});
