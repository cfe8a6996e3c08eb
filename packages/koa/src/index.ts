/** @fyno-kit/koa: the browser-facing notify route for Koa 2 and 3. */
export { notifyRoute } from './notify-route';
export type {
  EventRule,
  NotifyErrorBody,
  NotifyErrorCode,
  NotifyEventData,
  NotifyEventName,
  NotifyPolicy,
  NotifySuccessBody,
} from '@fyno-kit/core/server';
