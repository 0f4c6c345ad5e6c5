/** Fixture builders for the table tests. */
import type { KubeObject } from '../../../src/api/types.js';
import { resourceByKind, type ResourceInfo } from '../../../src/api/resources.js';

export const NOW = new Date('2025-06-01T12:00:00Z');

/** An RFC 3339 timestamp `ms` milliseconds before NOW. */
export function ago(ms: number): string {
  return new Date(NOW.getTime() - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function anObject(apiVersion: string, kind: string, name: string, rest: Partial<KubeObject> = {}): KubeObject {
  return {
    apiVersion, kind,
    ...rest,
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '7', creationTimestamp: ago(5 * 60_000), ...rest.metadata },
  };
}

export function resource(apiVersion: string, kind: string): ResourceInfo {
  const r = resourceByKind(apiVersion, kind);
  if (!r) throw new Error(`no resource for ${apiVersion} ${kind}`);
  return r;
}

interface PodOpts {
  phase?: string;
  containers?: string[];
  statuses?: unknown[];
  initContainers?: Array<{ name: string; restartPolicy?: string }>;
  initStatuses?: unknown[];
  conditions?: unknown[];
  deletionTimestamp?: string;
  reason?: string;
}

export function aPod(name: string, o: PodOpts = {}): KubeObject {
  return anObject('v1', 'Pod', name, {
    metadata: { name, deletionTimestamp: o.deletionTimestamp },
    spec: {
      containers: (o.containers ?? ['main']).map((c) => ({ name: c, image: 'busybox' })),
      initContainers: o.initContainers,
      nodeName: 'node-1',
    },
    status: {
      phase: o.phase ?? 'Running', reason: o.reason, podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }],
      conditions: o.conditions, containerStatuses: o.statuses, initContainerStatuses: o.initStatuses,
    },
  });
}

export const running = (name = 'main', extra: Record<string, unknown> = {}): unknown =>
  ({ name, ready: true, restartCount: 0, state: { running: { startedAt: ago(60_000) } }, ...extra });
export const waiting = (reason: string, name = 'main', extra: Record<string, unknown> = {}): unknown =>
  ({ name, ready: false, restartCount: 0, state: { waiting: { reason } }, ...extra });
export const terminated = (reason: string | undefined, exitCode: number, name = 'main'): unknown =>
  ({ name, ready: false, restartCount: 0, state: { terminated: { reason, exitCode } } });
