/** Fixtures for the auth tests: Secrets, pods and request attributes. */
import type { KubeObject } from '../../../src/api/types.js';
import type { RequestAttributes, UserInfo } from '../../../src/apiserver/types.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

export function aServiceAccountTokenSecret(options: { namespace: string; name: string; serviceAccount: string; token: string }): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Secret',
    metadata: { namespace: options.namespace, name: options.name, annotations: { 'kubernetes.io/service-account.name': options.serviceAccount } },
    type: 'kubernetes.io/service-account-token',
    data: { token: b64(options.token) },
  };
}

export function aPod(options: { namespace?: string; name: string; node?: string; spec?: Record<string, unknown> }): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { namespace: options.namespace ?? 'default', name: options.name },
    spec: { containers: [{ name: 'c', image: 'x' }], ...(options.node ? { nodeName: options.node } : {}), ...options.spec },
  };
}

export const nodeUserInfo = (node: string): UserInfo => ({ user: `system:node:${node}`, groups: ['system:nodes', 'system:authenticated'] });
export const bootstrapper: UserInfo = { user: 'system:bootstrap:abcdef', groups: ['system:bootstrappers', 'system:authenticated'] };

/** A resource request; core group unless `apiGroup` says otherwise. */
export function resourceRequest(user: UserInfo, verb: string, resource: string, rest: Partial<RequestAttributes> = {}): RequestAttributes {
  return { user, verb, resourceRequest: true, apiGroup: '', apiVersion: 'v1', resource, path: '/x', ...rest };
}

export function pathRequest(user: UserInfo, verb: string, path: string): RequestAttributes {
  return { user, verb, resourceRequest: false, apiGroup: '', apiVersion: '', resource: '', path };
}
