import type { DeliveryReport } from '@fyno-kit/core/webhooks';

/** The delivery reports the receiver verified, newest last (a real app updates its orders instead). */
export const receivedReports: DeliveryReport[] = [];
