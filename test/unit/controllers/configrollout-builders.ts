/** Fixture builders for config-rollout tests: ConfigMaps, Secrets, workloads reading them, and a pod spec using every reference form. */
import type { KubeObject } from '../../../src/api/types.js';
import { CONFIG_HASH_ANNOTATION, CONFIG_ROLLOUT_ANNOTATION } from '../../../src/controllers/configrollout/decide.js';

export function aConfigMap(name: string, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data };
}

export function aSecret(name: string, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'default' }, type: 'Opaque', data };
}

/** A pod spec reading config through every supported path, with a duplicate (cm-env twice). */
export const FULL_POD_SPEC = {
  initContainers: [{ name: 'init', image: 'i', envFrom: [{ configMapRef: { name: 'cm-init' } }] }],
  containers: [{
    name: 'c', image: 'i',
    env: [
      { name: 'A', valueFrom: { configMapKeyRef: { name: 'cm-env', key: 'a' } } },
      { name: 'B', valueFrom: { secretKeyRef: { name: 's-env', key: 'b', optional: true } } },
      { name: 'C', valueFrom: { configMapKeyRef: { name: 'cm-env', key: 'c' } } },
      { name: 'D', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ],
    envFrom: [{ configMapRef: { name: 'cm-envfrom' } }, { secretRef: { name: 's-envfrom' }, prefix: 'S_' }],
  }],
  volumes: [
    { name: 'v1', configMap: { name: 'cm-volume' } },
    { name: 'v2', secret: { secretName: 's-volume' } },
    { name: 'v3', projected: { sources: [{ configMap: { name: 'cm-projected' } }, { secret: { name: 's-projected' } }, { downwardAPI: { items: [] } }] } },
    { name: 'v4', emptyDir: {} },
  ],
};

/** A workload of `kind` named `web` whose pods read ConfigMap `settings` (volume) and Secret `creds` (env). */
export function aWorkload(kind: 'Deployment' | 'StatefulSet' | 'DaemonSet', opts: { hash?: string; optOut?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1', kind,
    metadata: { name: 'web', namespace: 'default', uid: `uid-${kind}`, resourceVersion: '1', ...(opts.optOut ? { annotations: { [CONFIG_ROLLOUT_ANNOTATION]: 'false' } } : {}) },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' }, ...(opts.hash ? { annotations: { [CONFIG_HASH_ANNOTATION]: opts.hash } } : {}) },
        spec: {
          containers: [{ name: 'c', image: 'img:1', env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } }] }],
          volumes: [{ name: 'conf', configMap: { name: 'settings' } }],
        },
      },
    },
  };
}
