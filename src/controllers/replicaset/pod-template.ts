/** Builds the Pod a controller creates from its pod template. Pure. */
import type { KubeObject } from '../../api/types.js';
import { controllerRefTo } from '../common/pods.js';

export function podFromTemplate(owner: KubeObject, template: { metadata?: any; spec?: any }): KubeObject {
  const meta = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      labels: { ...(meta.labels ?? {}) },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ownerReferences: [controllerRefTo(owner)],
    },
    spec: structuredClone(template.spec ?? {}),
  };
}
