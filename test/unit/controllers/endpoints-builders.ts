/** Fixtures for the endpoints controller tests: Services and pods with published host ports. */
import type { KubeObject } from '../../../src/api/types.js';
import { HOST_PORTS_ANNOTATION } from '../../../src/controllers/endpoints/index.js';
import { T0 } from './builders.js';

export function aService(opts: {
  name?: string; selector?: Record<string, string> | null; ports?: unknown[]; publishNotReady?: boolean; headless?: boolean; type?: string; labels?: Record<string, string>;
} = {}): KubeObject {
  const name = opts.name ?? 'web';
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name, namespace: 'default', uid: `svc-uid-${name}`, resourceVersion: '1', ...(opts.labels ? { labels: opts.labels } : {}) },
    spec: {
      ...(opts.selector === null ? {} : { selector: opts.selector ?? { app: 'web' } }),
      ports: opts.ports ?? [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
      clusterIP: opts.headless ? 'None' : '10.96.0.10',
      ...(opts.type ? { type: opts.type } : {}),
      ...(opts.publishNotReady ? { publishNotReadyAddresses: true } : {}),
    },
  };
}

/** A running pod on `node` (host address `ip`) whose containers publish `hostPorts` ("c/8080/TCP" → host port). */
export function aServedPod(name: string, opts: {
  ready?: boolean; deleting?: boolean; phase?: string; labels?: Record<string, string>; ip?: string; node?: string;
  hostPorts?: Record<string, number> | null; rawAnnotation?: string;
  containers?: Array<{ name: string; ports?: Array<{ name?: string; containerPort: number; protocol?: string }> }>;
} = {}): KubeObject {
  const ip = opts.ip ?? '10.0.0.1';
  const hostPorts = opts.hostPorts === null ? undefined : opts.hostPorts ?? { 'c/8080/TCP': 31000 };
  const annotation = opts.rawAnnotation
    ?? (hostPorts ? JSON.stringify(Object.fromEntries(Object.entries(hostPorts).map(([k, port]) => [k, `${ip}:${port}`]))) : undefined);
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '1', labels: opts.labels ?? { app: 'web' },
      ...(annotation ? { annotations: { [HOST_PORTS_ANNOTATION]: annotation } } : {}),
      ...(opts.deleting ? { deletionTimestamp: new Date(T0).toISOString() } : {}),
    },
    spec: {
      nodeName: opts.node ?? 'node-a',
      containers: (opts.containers ?? [{ name: 'c', ports: [{ name: 'http', containerPort: 8080 }] }]).map((c) => ({ image: 'img', ...c })),
    },
    status: {
      phase: opts.phase ?? 'Running', hostIP: ip, podIP: ip,
      conditions: [{ type: 'Ready', status: opts.ready ?? true ? 'True' : 'False' }],
    },
  };
}

export const podRef = (name: string) => ({ kind: 'Pod', namespace: 'default', name, uid: `uid-${name}` });
