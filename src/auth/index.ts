/**
 * Authentication and authorization of API requests: tokens kept in the store (join, API,
 * node credentials, ServiceAccount tokens), the node authorizer, the union of authorizers,
 * joining hosts (server side and agent side). RBAC lives in ./rbac (its own owner).
 */
export {
  TOKEN_NAMESPACE, TOKEN_SECRET_TYPE, NODE_CREDENTIAL_TYPE, SERVICE_ACCOUNT_TOKEN_TYPE, TOKEN_LABEL, TOKEN_ID_LABEL,
  SERVICE_ACCOUNT_NAME_ANNOTATION, TOKEN_USAGES, TOKEN_ROLES, BOOTSTRAPPERS_GROUP, NODES_GROUP, MASTERS_GROUP,
  credentialOf, userOf, isExpired, tokenSecret, tokenSecretName, nodeCredentialSecret, nodeCredentialSecretName,
  nodeUser, nodeNameOf, parseNodeToken, formatNodeToken, tokenRecordsOf,
  type Credential, type TokenRecord, type TokenUsage, type TokenRole,
} from './credentials.js';
export { createStoreAuthenticator, CredentialIndex, secretStoreKey, type StoreAuthenticator, type StoreAuthenticatorOptions } from './authenticator.js';
export { createNodeAuthorizer, decideNodeRequest, JOIN_PATH, NODE_LEASE_NAMESPACE, type NodeDecision, type NodeAuthorizerOptions } from './node-authorizer.js';
export { PodGraph, type PodGraphView } from './pod-graph.js';
export { podReferences, type PodReferences } from './pod-references.js';
export { mastersAuthorizer, unionAuthorizer } from './union.js';
export { createJoinService, checkJoinRequest, type JoinOutcome } from './join.js';
export { ensureJoinToken, joinTokenPath } from './join-token-file.js';
export { mirrorStorePrefix, type StoreMirror } from './store-mirror.js';
export {
  joinCluster, obtainAgentCredentials, readAgentCredentials, writeAgentCredentials, credentialsAccepted, credentialsPath,
  resolveServerCa, CREDENTIALS_FILE, type AgentCredentials, type JoinAttempt,
} from './agent-join.js';
