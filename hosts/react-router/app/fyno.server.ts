/**
 * The four Fyno routes, created once per server: `identify` reads the user the session middleware put
 * on the router context (React Router's action and loader args carry it as `context`). The client comes
 * from FYNO_WSID / FYNO_API_KEY (and FYNO_BASE_URL for the emulator); the receiver's secret and the
 * in-app integration from FYNO_WEBHOOK_SECRET and FYNO_INAPP_*.
 */
import { createInappSessionHandler, createNotifyHandler, createPreferencesHandler } from '@fyno-kit/core/server';
import { createDeliveryReportHandler, type DeliveryReport } from '@fyno-kit/core/webhooks';
import type { RouterContextProvider } from 'react-router';
import { userContext } from './session.server';

/** What `identify` needs of the route's args. */
type RouteArgs = { context: Readonly<RouterContextProvider> };
const identify = (_request: Request, { context }: RouteArgs) => context.get(userContext)?.id;

export const notify = createNotifyHandler({
  identify,
  events: { order_shipped: {}, password_reset: {} },
});

export const inappSession = createInappSessionHandler({ identify });

/** The signed-in user's own notification preferences (GET, and POST changes), for the topics shown here. */
export const preferences = createPreferencesHandler({ identify, topics: { SORDERS001: true } });

/** What the receiver verified, newest last (an app would write them to its database, keyed by `report.key`). */
export const received: Array<Pick<DeliveryReport, 'key' | 'status' | 'channel' | 'custom_id'>> = [];

export const deliveryReports = createDeliveryReportHandler({
  secret: process.env.FYNO_WEBHOOK_SECRET ?? '',
  onReport: (report) => void received.push({ key: report.key, status: report.status, channel: report.channel, custom_id: report.custom_id }),
});
