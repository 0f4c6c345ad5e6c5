/** Fixtures for the node lifecycle tests: aNode('h1', { ready }), aPodOn('h1', { tolerations }), aLease('h1', ms). */
import type { KubeObject } from '../../../src/api/types.js';
import { NODE_LIFECYCLE_DEFAULTS, type NodeLifecycleOptions } from '../../../src/controllers/nodelifecycle/defaults.js';
import type { NodeSnapshot } from '../../../src/controllers/nodelifecycle/reconcile.js';
import type { Taint, Toleration } from '../../../src/controllers/nodelifecycle/taints.js';
import { T0 } from './builders.js';

export { T0 };
let serial = 0;
const iso = (ms: number) => new Date(ms).toISOString();

export function aNode(name: string, opts: { ready?: 'True' | 'False' | 'Unknown'; taints?: Taint[] } = {}): KubeObject {
  const ready = opts.ready === undefined && 'ready' in opts ? undefined : (opts.ready ?? 'True');
  const conditions = ready === undefined ? [] : [
    { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', lastHeartbeatTime: iso(T0), lastTransitionTime: iso(T0) },
    { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', lastHeartbeatTime: iso(T0), lastTransitionTime: iso(T0) },
    { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', lastHeartbeatTime: iso(T0), lastTransitionTime: iso(T0) },
    { type: 'Ready', status: ready, reason: 'KubeletReady', lastHeartbeatTime: iso(T0), lastTransitionTime: iso(T0) },
  ];
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, uid: `node-uid-${name}`, resourceVersion: '1' },
    spec: opts.taints ? { taints: opts.taints } : {},
    status: { conditions },
  };
}

export function aPodOn(node: string, opts: {
  name?: string; tolerations?: Toleration[]; annotations?: Record<string, string>; phase?: string; deleting?: boolean; ready?: boolean;
} = {}): KubeObject {
  const n = ++serial;
  const ready = (opts.ready ?? true) ? 'True' : 'False';
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: opts.name ?? `pod-${n}`, namespace: 'default', uid: `pod-uid-${n}`, resourceVersion: String(n),
      ...(opts.annotations ? { annotations: opts.annotations } : {}),
      ...(opts.deleting ? { deletionTimestamp: iso(T0) } : {}),
    },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'img' }], ...(opts.tolerations ? { tolerations: opts.tolerations } : {}) },
    status: {
      phase: opts.phase ?? 'Running',
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: iso(T0) },
        { type: 'ContainersReady', status: ready, lastTransitionTime: iso(T0) },
        { type: 'Ready', status: ready, lastTransitionTime: iso(T0) },
      ],
    },
  };
}

export function aLease(node: string, renewMs: number, leaseDurationSeconds = 4): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
    metadata: { name: node, namespace: 'kube-node-lease' },
    spec: { holderIdentity: node, leaseDurationSeconds, renewTime: iso(renewMs).replace(/Z$/, '000Z') },
  };
}

export function unreachableTaints(addedMs: number): Taint[] {
  return [
    { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: iso(addedMs) },
  ];
}

/** A snapshot at `nowMs` whose node was last heard from at `lastHeartbeatMs`; Normal mode, empty limiter. */
export function aSnapshot(opts: Partial<NodeSnapshot> & { node: KubeObject; nowMs: number; options?: Partial<NodeLifecycleOptions> }): NodeSnapshot {
  return {
    pods: [], lastHeartbeatMs: T0, leaseDurationMs: 4_000, mode: 'Normal', limiter: { admitted: new Set() },
    ...opts,
    options: { ...NODE_LIFECYCLE_DEFAULTS, ...opts.options },
  };
}
