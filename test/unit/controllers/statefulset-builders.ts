/** Fixture builders for StatefulSet tests: aStatefulSet({ replicas, policy, image, partition, claims }), aStatefulPod(sts, ordinal, state). */
import type { KubeObject } from '../../../src/api/types.js';
import { templateHash } from '../../../src/controllers/deployment/hash.js';
import { statefulPodFor } from '../../../src/controllers/statefulset/pod-template.js';
import { T0 } from './builders.js';

export function aStatefulSet(opts: { replicas?: number; policy?: string; image?: string; partition?: number; claims?: boolean; status?: unknown } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default', uid: 'sts-uid', generation: 2, resourceVersion: '1' },
    spec: {
      replicas: opts.replicas ?? 3, serviceName: 'db-headless',
      ...(opts.policy ? { podManagementPolicy: opts.policy } : {}),
      selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: opts.image ?? 'img:1' }], volumes: [{ name: 'data', emptyDir: {} }] } },
      ...(opts.partition !== undefined ? { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: opts.partition } } } : {}),
      ...(opts.claims ? { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] } : {}),
    },
    status: opts.status,
  };
}

/** A pod of `sts` at `ordinal`, as the controller would have created it, in the given state. */
export function aStatefulPod(sts: KubeObject, ordinal: number, state: { ready?: boolean; phase?: string; deleting?: boolean; revision?: string } = {}): KubeObject {
  const pod = statefulPodFor(sts, ordinal, state.revision ?? templateHash(sts.spec.template));
  pod.metadata.uid = `uid-${pod.metadata.name}`;
  if (state.deleting) pod.metadata.deletionTimestamp = new Date(T0).toISOString();
  pod.status = { phase: state.phase ?? 'Running', conditions: [{ type: 'Ready', status: (state.ready ?? true) ? 'True' : 'False', lastTransitionTime: new Date(T0).toISOString() }] };
  return pod;
}
