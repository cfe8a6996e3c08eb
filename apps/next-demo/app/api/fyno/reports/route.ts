/**
 * The demo's delivery-report receiver: core's web-standard handler, as a Next.js app would mount
 * it. Each verified report moves a message's stage in the shared book the inbox reads. It needs
 * nothing from `backend()`: the emulator calls it (to verify it, then with reports) while starting.
 */
import { createDeliveryReportHandler } from '@fyno-kit/core/webhooks';
import { deliveryBook, webhookSecret } from '../../../../server/backend';

export const dynamic = 'force-dynamic';

const secret = webhookSecret();
const handler = secret
  ? createDeliveryReportHandler({ secret, onReport: (report) => deliveryBook().record(report) })
  : () => Promise.resolve(Response.json({ error: { code: 'not_found', message: 'Delivery reports are off' } }, { status: 404 }));

export { handler as GET, handler as POST };
