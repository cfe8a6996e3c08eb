/**
 * Delivery reports in the demos: each app's own receiver (`deliveryReports()` from
 * @fyno-kit/express, `createDeliveryReportHandler()` in Next.js) records each message's stage per
 * channel here, deduped on `report.key` as the package README shows, and the inbox reads them back.
 */
import type { DeliveryReport } from '@fyno-kit/core/webhooks';

/** The secret the demo's built-in emulator signs reports with (a local demo value, not a secret). */
export const DEMO_WEBHOOK_SECRET = 'demo_webhook_secret_not_a_secret';

/** What the page shows for one channel of one message. */
export type DeliveryStage = 'sent' | 'delivered' | 'read' | 'failed';

const STAGE_OF: Record<string, DeliveryStage> = {
  QUEUED: 'sent',
  PROCESSED: 'sent',
  SUCCESS: 'delivered',
  DELIVERED: 'delivered',
  READ: 'read',
  OPEN: 'read',
  CLICKED: 'read',
  FAILED: 'failed',
  ERROR: 'failed',
  UNDELIVERED: 'failed',
  REJECTED: 'failed',
  BOUNCE: 'failed',
  DENIED: 'failed',
  DROPPED: 'failed',
  TIMEOUT: 'failed',
  'INVALID-SUB': 'failed',
};
const RANK: Record<DeliveryStage, number> = { sent: 0, delivered: 1, read: 2, failed: 3 };

/** Each message's stage by `msg_id`, moved only forward (a late or repeated report never goes back). */
export class DeliveryBook {
  private readonly seen = new Set<string>();
  private readonly stages = new Map<string, DeliveryStage>();

  /** Applies one report; a key seen before changes nothing (reports repeat, and can be replayed). */
  record(report: DeliveryReport): void {
    if (this.seen.has(report.key)) return;
    this.seen.add(report.key);
    const stage = report.status === undefined ? undefined : STAGE_OF[report.status.toUpperCase()];
    if (!report.msg_id || !stage) return;
    const current = this.stages.get(report.msg_id);
    if (current === undefined || RANK[stage] > RANK[current]) this.stages.set(report.msg_id, stage);
  }

  /** The stage of one message id: `sent` until a report says more. */
  stageOf(msgId: string): DeliveryStage {
    return this.stages.get(msgId) ?? 'sent';
  }
}
