/** The notify route's wire format: the bodies it answers with, and the answer a host writes. */
import type { NotifyErrorCode } from './error-codes';
import type { ExchangeAnswer } from './exchange';

export type { NotifyErrorCode };

/** Every error body of the route. */
export interface NotifyErrorBody {
  error: { code: NotifyErrorCode; message: string };
}

/** The 202 body: what Fyno accepted, without destinations (no phone number or email goes back to the browser). */
export interface NotifySuccessBody {
  event: string;
  request_id: string;
  received_time: string;
  channels: Record<string, { status: string; msg_id: string }>;
}

/** The route's answer, for the host to write as it is (`unexpectedError`: see `ExchangeAnswer`). */
export interface NotifyHttpResponse extends ExchangeAnswer<NotifySuccessBody | NotifyErrorBody> {
  /** Always `content-type` JSON and `cache-control: no-store`. */
  headers: Record<string, string>;
}
