export { FynoProvider, type FynoProviderProps } from './provider';
export {
  useNotify,
  type UseNotifyResult,
  type NotifyStatus,
  type NotifyOptions,
  type NotifyVariables,
  type NotifyArgs,
} from './use-notify';
export { NotifyError, isNotifyError, type NotifyClientErrorCode } from './notify-error';
export type { NotifyConfig } from './request';
export type { NotifyErrorCode, NotifySuccessBody, NotifyEventName, NotifyEventData } from '@fyno-kit/core/server';
