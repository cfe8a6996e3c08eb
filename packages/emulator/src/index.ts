/** Public API of `@fyno-kit/emulator`: a local, contract-faithful Fyno API server. */
export {
  createEmulator,
  DEFAULT_INAPP_INTEGRATION_ID,
  DEFAULT_INAPP_TOKEN,
  type Emulator,
  type InappIntegration,
} from './emulator.js';
export { startEmulator, type RunningEmulator, type RunningInapp } from './server.js';
export type { InappSocketServer } from './inapp-socket.js';
export type {
  InappContent,
  InappDeliverStatus,
  InappOptions,
  InappRecord,
  InappWireFlag,
  InappWireMessage,
} from './inapp-types.js';
export { DEFAULT_WEBHOOK_SECRET } from './report-sender.js';
export { DEFAULT_API_KEY, DEFAULT_MAX_BODY_BYTES, DEFAULT_WORKSPACE_ID } from './state.js';
export { DEFAULT_SUBSCRIPTIONS, PREFERENCE_CHANNELS } from './subscription-topics.js';
export type {
  PreferenceChannel,
  SubscriptionTopic,
  SubscriptionTopicInput,
  SubscriptionsOption,
  TopicChannelState,
} from './subscription-topics.js';
export { PreferenceInputError, PreferenceStore } from './preferences-store.js';
export type { ChannelDecision, PreferenceStatus, PreferenceTopicView, PreferenceView, UserPreferenceInput } from './preferences-store.js';
export type { SkipReason } from './delivery-decision.js';
export type { Suppression } from './suppressions-store.js';
export type {
  ApiKeyConfig,
  EmulatorOptions,
  EventRouting,
  FailNextFault,
  FaultOptions,
  FaultPhase,
  KeyScope,
  MessageFilter,
  MessageRecord,
  ProfileChannels,
  ProfileInput,
  ProfileToken,
  ProfilesOption,
  RequestLogEntry,
  SkippedChannel,
  StartEmulatorOptions,
  Version,
} from './types.js';
export type {
  ReportRecord,
  ReportState,
  WebhookAttempt,
  WebhookEndpoint,
  WebhookRetryOptions,
  WebhookStatus,
} from './webhook-types.js';
