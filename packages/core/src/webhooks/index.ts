/**
 * @fyno-kit/core/webhooks: verify, parse and receive Fyno's signed delivery reports, on Node and
 * edge runtimes alike (Web Crypto only).
 */
export { verifyDeliveryReport, SIGNATURE_HEADER } from './verify';
export type { WebhookSecret, WebhookSecretSource } from './verify';
export { parseDeliveryReport, DeliveryReportParseError } from './report';
export type { DeliveryReport, DeliveryStatus } from './report';
export { FynoSignatureError } from './signature-error';
export type { FynoSignatureReason } from './signature-error';
export { createDeliveryReportHandler } from './web-handler';
export type { WebHandler } from '../server/web-exchange';
export { createDeliveryReportRoute, DEFAULT_REPORT_MAX_BODY_BYTES, REPORT_ERROR_STATUS } from './route';
export type {
  DeliveryReportOptions,
  DeliveryReportRoute,
  ReportErrorCode,
  ReportBody,
  ReportHttpResponse,
} from './route';
