/** Fixture builders for controller tests: aPod({ owner, node, ready }), aReplicaSet({ replicas }). */
import type { KubeObject } from '../../../src/api/types.js';

let serial = 0;
export const T0 = Date.parse('2026-01-01T00:00:00Z');

export function aReplicaSet(opts: { name?: string; replicas?: number; minReadySeconds?: number; uid?: string; generation?: number } = {}): KubeObject {
  const name = opts.name ?? 'web-abc';
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', uid: opts.uid ?? `uid-${name}`, generation: opts.generation ?? 1, resourceVersion: '1' },
    spec: {
      replicas: opts.replicas ?? 3,
      minReadySeconds: opts.minReadySeconds ?? 0,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'img' }] } },
    },
  };
}

export function aPod(opts: {
  owner?: KubeObject; labels?: Record<string, string>; node?: string; ready?: boolean; readySinceMs?: number;
  phase?: string; createdMs?: number; deleting?: boolean; restarts?: number; name?: string;
} = {}): KubeObject {
  const n = ++serial;
  const ready = opts.ready ?? true;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: opts.name ?? `pod-${n}`, namespace: 'default', uid: `pod-uid-${n}`, resourceVersion: String(n),
      labels: opts.labels ?? { app: 'web' },
      creationTimestamp: new Date(opts.createdMs ?? T0).toISOString(),
      ...(opts.deleting ? { deletionTimestamp: new Date(T0).toISOString() } : {}),
      ...(opts.owner ? { ownerReferences: [{ apiVersion: opts.owner.apiVersion, kind: opts.owner.kind, name: opts.owner.metadata.name!, uid: opts.owner.metadata.uid!, controller: true }] } : {}),
    },
    spec: { ...(opts.node ? { nodeName: opts.node } : {}), containers: [{ name: 'c', image: 'img' }] },
    status: {
      phase: opts.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: new Date(opts.readySinceMs ?? T0).toISOString() }],
      containerStatuses: [{ name: 'c', restartCount: opts.restarts ?? 0 }],
    },
  };
}

export function aDeployment(opts: { replicas?: number; image?: string; strategy?: unknown; annotations?: Record<string, string>; generation?: number; paused?: boolean; status?: unknown; progressDeadlineSeconds?: number } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'dep-uid', generation: opts.generation ?? 1, resourceVersion: '10', annotations: opts.annotations },
    spec: {
      replicas: opts.replicas ?? 3,
      selector: { matchLabels: { app: 'web' } },
      strategy: opts.strategy ?? { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: opts.progressDeadlineSeconds ?? 600,
      paused: opts.paused,
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: opts.image ?? 'img:1' }] } },
    },
    status: opts.status,
  };
}

/** A ReplicaSet owned by the deployment for the given image, with status counts. */
export function anOwnedRs(d: KubeObject, opts: { image: string; revision: number; replicas: number; available?: number; complete?: boolean; createdMs?: number; hash?: string }): KubeObject {
  const hash = opts.hash ?? `h${opts.revision}`;
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: `web-${hash}`, namespace: 'default', uid: `rs-${hash}`, resourceVersion: '5',
      creationTimestamp: new Date(opts.createdMs ?? T0 + opts.revision * 1000).toISOString(),
      labels: { app: 'web', 'pod-template-hash': hash },
      annotations: { 'deployment.kubernetes.io/revision': String(opts.revision), ...(opts.complete ? { 'tugboat.io/rollout-complete': 'true' } : {}) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid!, controller: true }],
    },
    spec: {
      replicas: opts.replicas,
      selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } },
      template: { metadata: { labels: { app: 'web', 'pod-template-hash': hash } }, spec: { containers: [{ name: 'c', image: opts.image }] } },
    },
    status: { replicas: opts.replicas, readyReplicas: opts.available ?? opts.replicas, availableReplicas: opts.available ?? opts.replicas },
  };
}

export function crashingPod(rs: KubeObject, restarts = 3): KubeObject {
  const pod = aPod({ owner: rs, ready: false });
  pod.status.containerStatuses = [{ name: 'c', restartCount: restarts, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container' } } }];
  return pod;
}
