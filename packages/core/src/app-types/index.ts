/**
 * @fyno-kit/core/app-types: the types an app names when it mounts core's routes through an adapter
 * (policies, answers, error codes, delivery reports). Types only, no code. Every adapter
 * (`@fyno-kit/express`, `@fyno-kit/fastify`, `@fyno-kit/koa`) re-exports this entry whole
 * (`export type * from '@fyno-kit/core/app-types'`), so the list is kept here, once.
 */
export type {
  EventRule,
  InappSession,
  InappSessionOptions,
  NotifyErrorBody,
  NotifyErrorCode,
  NotifyEventData,
  NotifyEventName,
  NotifyPolicy,
  NotifySuccessBody,
  PreferencesPolicy,
  PreferencesView,
} from '../server/index';
export type { DeliveryReport, DeliveryReportOptions, DeliveryStatus } from '../webhooks/index';
