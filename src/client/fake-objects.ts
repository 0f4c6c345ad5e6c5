/** Small objects the fake client returns for subresources. */
import type { KubeObject, Status } from '../api/types.js';

export function statusSuccess(code: number): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code };
}

/** autoscaling/v1 Scale view of an object with spec.replicas. */
export function scaleOf(object: KubeObject): KubeObject {
  return {
    apiVersion: 'autoscaling/v1', kind: 'Scale',
    metadata: {
      name: object.metadata.name, namespace: object.metadata.namespace, uid: object.metadata.uid,
      resourceVersion: object.metadata.resourceVersion, creationTimestamp: object.metadata.creationTimestamp,
    },
    spec: { replicas: object.spec?.replicas ?? 0 },
    status: { replicas: object.status?.replicas ?? 0, ...(object.status?.selector ? { selector: object.status.selector } : {}) },
  };
}
