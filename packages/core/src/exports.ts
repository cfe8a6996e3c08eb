/** The public names both entry points share (everything but the `Fyno` class itself). */
export { CHANNELS } from './types';
export type {
  BulkItemResult,
  BulkRequestInfo,
  Callback,
  Channel,
  ChannelResult,
  ChannelResults,
  ChannelToken,
  Destinations,
  EventData,
  EventMap,
  EventName,
  EventPayload,
  FireBulkResponse,
  FireResponse,
  FynoEnvelope,
  FynoVersion,
  PreferenceChanges,
  PreferenceChannel,
  PreferenceResponse,
  PreferenceStatus,
  PreferenceTopic,
  PreferenceUpdateResult,
  Suppression,
  SuppressionInput,
  SuppressionSelector,
  TopicChannelState,
  VerifyResult,
  Profile,
  ProfileChannels,
  ProfileInput,
  ProfileUpsertResult,
  Register,
  RegisteredEvents,
  RemoveChannelInput,
} from './types';
export {
  FynoAbortError,
  FynoApiError,
  FynoAuthenticationError,
  FynoBadRequestError,
  FynoBulkPartialError,
  FynoConflictError,
  FynoConnectionError,
  FynoError,
  FynoNotFoundError,
  FynoOtpRejectedError,
  FynoPayloadTooLargeError,
  FynoPermissionError,
  FynoProfileExistsError,
  FynoQueueClosedError,
  FynoQueueFullError,
  FynoRateLimitError,
  FynoServerError,
  FynoTimeoutError,
  FynoValidationError,
} from './errors';
export type { FynoApiErrorInit, FynoErrorCode } from './errors';
export type { FynoLogger, FynoOptions } from './config';
export type { OpenTelemetryApi, OpenTelemetrySpan, OpenTelemetryTracer, SpanAttributeValue } from './telemetry';
export type { RequestOptions } from './request';
export type { FetchLike } from './transport/types';
export { Profiles } from './profiles';
export { Preferences, PREFERENCE_CHANNELS } from './preferences';
export { Suppressions } from './suppressions';
export { Verify } from './verify';
export { Properties } from './properties';
export type { PropertiesResponse, PropertyAction, PropertyValue } from './properties';
export { FynoQueue } from './queue';
export type { DrainOnSignalsOptions } from './shutdown';
export type { QueueOptions, QueueShutdownResult } from './queue';
export type { EnqueueOptions, FynoEnqueuer } from './enqueuer';
export { VERSION } from './client';
