export { FynoProvider, type FynoProviderProps } from './provider';
export { useNotify, type UseNotifyResult, type UseNotifyOptions, type NotifyStatus } from './use-notify';
export { createNotifyClient, type NotifyClient } from './notify-client';
export type {
  NotifyOptions,
  NotifyRequestOptions,
  NotifyCallbacks,
  NotifyVariables,
  NotifyEventVariables,
  NotifyArgs,
} from './types';
export { NotifyError, isNotifyError, type NotifyClientErrorCode } from './notify-error';
export type { NotifyConfig } from './request';
export type { NotifyErrorCode, NotifySuccessBody, NotifyEventName, NotifyEventData } from '@fyno-kit/core/server';
