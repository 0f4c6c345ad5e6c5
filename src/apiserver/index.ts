/** Public face of the API server. */
export { createApiServer } from './server.js';
export type { ApiServer } from './server.js';
export { staticTokenAuthenticator } from './auth.js';
export { SYSTEM_NAMESPACES } from './bootstrap.js';
export { systemClock, allowAllAuthorizer, DEFAULT_BODY_LIMIT_BYTES, DEFAULT_BOOKMARK_INTERVAL_MS } from './types.js';
export { requestAttributes, authorizeRequest, forbiddenMessage } from './authorization.js';
export type {
  ApiServerOptions, AgentDialer, Authorizer, AuthorizationDecision, Clock, RequestAttributes, DialResult, PodExecQuery, PodLogQuery, TokenAuthenticator,
  UpgradeRequest, UserInfo,
} from './types.js';
