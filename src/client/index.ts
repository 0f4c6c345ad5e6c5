/** The public face of src/client: the API client, its helpers, informers, work queue and fake. */
export type {
  ApiClient, ResourceType, ListOptions, WatchOptions, PatchType, DeleteOptions, WriteOptions, WatchStream,
} from './types.js';
export { createHttpClient, PATCH_CONTENT_TYPES, DEFAULT_TIMEOUT_MS, DEFAULT_USER_AGENT, KEEP_ALIVE_TIMEOUT_MS } from './http-client.js';
export type { HttpClientOptions, HttpApiClient } from './http-client.js';
export { openHeartbeatChannel, isChannelUnavailable, ChannelUnavailableError, DEFAULT_STUCK_MS } from './heartbeat-channel.js';
export type { HeartbeatChannel, HeartbeatChannelOptions } from './heartbeat-channel.js';
export { loadKubeconfig, parseKubeconfig, KubeconfigError } from './kubeconfig.js';
export type { KubeconfigClientOptions } from './kubeconfig.js';
export { resourcePath, groupVersionPath, queryString } from './paths.js';
export { parseWatchEvents, toWatchStream, WatchDecodeError } from './watch-stream.js';
export {
  ConnectionError, isConnectionError, isAbortError, isNotFound, isAlreadyExists, isConflict, isInvalid, isBadRequest,
  isUnauthorized, isForbidden, isMethodNotAllowed, isTooManyRequests, isServiceUnavailable, isInternalError, isGone,
  isResourceExpired, reasonForCode, apiErrorFromResponse, retryOnConflict, DEFAULT_CONFLICT_ATTEMPTS,
} from './errors.js';
export { realClock, FakeClock, sleep } from './clock.js';
export type { Clock, TimerHandle } from './clock.js';
export { createExponentialRateLimiter, DEFAULT_RETRY_BASE_DELAY_MS, DEFAULT_RETRY_MAX_DELAY_MS } from './rate-limiter.js';
export type { RateLimiter } from './rate-limiter.js';
export { createWorkQueue } from './workqueue.js';
export type { WorkQueue, WorkQueueOptions } from './workqueue.js';
export { runWorkers } from './workers.js';
export type { KeyHandler, ReconcileResult, RunWorkersOptions } from './workers.js';
export { ObjectCache, objectKey, splitKey, byNamespace, byNodeName, byOwnerUid, byControllerUid } from './cache.js';
export type { IndexFunc, ReplaceDiff } from './cache.js';
export {
  createInformer, DEFAULT_INFORMER_BACKOFF_INITIAL_MS, DEFAULT_INFORMER_BACKOFF_MAX_MS,
  DEFAULT_WATCH_TIMEOUT_MIN_SECONDS, DEFAULT_LIST_PAGE_SIZE, MIN_HEALTHY_WATCH_MS,
} from './informer.js';
export type { Informer, InformerOptions, EventHandlers } from './informer.js';
export { createInformerFactory } from './informer-factory.js';
export type { InformerFactory, InformerSelection } from './informer-factory.js';
export { parseLabelSelector, parseFieldSelector, fieldValue, SelectorParseError } from './selectors.js';
export type { ObjectPredicate } from './selectors.js';
export { applyMergePatch, applyJsonPatch, PatchError } from './patch.js';
export type { JsonPatchOperation } from './patch.js';
export { createFakeClient } from './fake.js';
export type { FakeClient, FakeAction, FakeVerb, Reactor, FakeClientOptions } from './fake.js';
