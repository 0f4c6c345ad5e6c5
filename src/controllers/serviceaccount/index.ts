/** ServiceAccount controller: a `default` account per namespace and a token Secret per account. */
export { createServiceAccountController, randomToken } from './controller.js';
export type { ServiceAccountControllerOptions } from './controller.js';
export {
  decideServiceAccounts, defaultServiceAccount, tokenSecret, tokenSecretName, DEFAULT_SERVICE_ACCOUNT,
  SERVICE_ACCOUNT_NAME_ANNOTATION, SERVICE_ACCOUNT_TOKEN_TYPE, SERVICE_ACCOUNT_UID_ANNOTATION,
} from './decide.js';
export type { NamespaceSnapshot, ServiceAccountDecision, TokenInputs } from './decide.js';
