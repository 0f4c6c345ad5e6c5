/**
 * The node authorizer (Kubernetes' Node authorizer, reduced to what a Tugboat agent does):
 * an agent may read what its pods need and write its own Node, Lease, pod statuses and
 * Events. Joining tokens (system:bootstrappers) may only call the join endpoint.
 * Anything else gets no opinion (`allowed: false`, reason '') and falls through to RBAC.
 *
 * `decideNodeRequest` is pure; `createNodeAuthorizer` keeps the pod graph from the store
 * and, when a decision depended on it and said no, waits briefly for the graph to catch up
 * (an agent may ask for a Secret the moment its pod is bound, before our watch saw it).
 */
import type { Logger } from 'pino';
import type { AuthorizationDecision, Authorizer, RequestAttributes } from '../apiserver/types.js';
import type { Store } from '../store/store.js';
import { BOOTSTRAPPERS_GROUP, nodeNameOf } from './credentials.js';
import { PodGraph, type PodGraphView, type ReferencedResource } from './pod-graph.js';
import { mirrorStorePrefix } from './store-mirror.js';

export const JOIN_PATH = '/tugboat/v1/join';
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** How long a graph-dependent denial waits for the pod graph to catch up (1 s). */
export const GRAPH_CATCH_UP_MS = 1_000;

export type NodeDecision =
  | { allowed: true }
  /** graphDependent: the answer may change once the pod graph has seen newer pods. */
  | { allowed: false; reason: string; graphDependent: boolean };

const ALLOW: NodeDecision = { allowed: true };
const NO_OPINION: NodeDecision = { allowed: false, reason: '', graphDependent: false };
const READ_VERBS = new Set(['get', 'list', 'watch']);
const WRITE_OWN_VERBS = new Set(['get', 'update', 'patch']);
/** Core-group resources any node may read in full (its informers and the service proxy list them). */
const NODE_READABLE = new Set(['pods', 'nodes', 'services', 'endpoints', 'namespaces', 'persistentvolumes', 'persistentvolumeclaims']);
const REFERENCED = new Set<string>(['secrets', 'configmaps', 'persistentvolumeclaims']);
/** Cluster settings every agent reads (src/net/network-settings.ts), besides kube-node-lease's. */
const NODE_READABLE_CONFIGMAPS = new Set(['kube-system/tugboat-network']);
const DISCOVERY_PATHS = [/^\/api(\/.*)?$/, /^\/apis(\/.*)?$/, /^\/openapi(\/.*)?$/, /^\/(version|healthz|readyz|livez)\/?$/];

function noRelationship(node: string): NodeDecision {
  return { allowed: false, reason: `no relationship found between node '${node}' and this object`, graphDependent: true };
}

function decideBootstrapper(a: RequestAttributes): NodeDecision {
  if (a.resourceRequest) return NO_OPINION;
  if (a.verb === 'post' && a.path === JOIN_PATH) return ALLOW;
  if (a.verb === 'get' && (a.path === '/cacerts' || a.path === '/version')) return ALLOW;
  return NO_OPINION;
}

function decideOwnObject(a: RequestAttributes, node: string): NodeDecision | undefined {
  const core = a.apiGroup === '';
  if (core && a.resource === 'nodes' && (a.subresource === undefined || a.subresource === 'status')) {
    // A create carries the name only in the body; registering under another name is a known gap.
    if (a.verb === 'create' && a.subresource === undefined && (a.name === undefined || a.name === node)) return ALLOW;
    if (WRITE_OWN_VERBS.has(a.verb) && a.name === node) return ALLOW;
  }
  if (a.apiGroup === 'coordination.k8s.io' && a.resource === 'leases' && a.namespace === NODE_LEASE_NAMESPACE && a.subresource === undefined) {
    if (READ_VERBS.has(a.verb)) return ALLOW;
    if (a.verb === 'create' && (a.name === undefined || a.name === node)) return ALLOW;
    if ((WRITE_OWN_VERBS.has(a.verb) || a.verb === 'delete') && a.name === node) return ALLOW;
  }
  return undefined;
}

function decideRead(a: RequestAttributes): NodeDecision | undefined {
  if (!READ_VERBS.has(a.verb) || (a.subresource !== undefined && a.subresource !== 'status')) return undefined;
  if (a.apiGroup === '' && NODE_READABLE.has(a.resource)) return ALLOW;
  if (a.apiGroup === 'discovery.k8s.io' && a.resource === 'endpointslices') return ALLOW;
  if (a.apiGroup === '' && a.resource === 'configmaps' && a.namespace === NODE_LEASE_NAMESPACE) return ALLOW;
  if (a.apiGroup === '' && a.resource === 'configmaps' && a.verb === 'get' && NODE_READABLE_CONFIGMAPS.has(`${a.namespace}/${a.name}`)) return ALLOW;
  return undefined;
}

function decidePodWrite(a: RequestAttributes, node: string, graph: PodGraphView): NodeDecision | undefined {
  if (a.apiGroup !== '' || a.resource !== 'pods' || !a.namespace || !a.name) return undefined;
  const statusWrite = a.subresource === 'status' && (a.verb === 'update' || a.verb === 'patch');
  // Plain patch: the agent records the host ports it published in an annotation.
  const podWrite = a.subresource === undefined && (a.verb === 'delete' || a.verb === 'patch');
  if (!statusWrite && !podWrite) return undefined;
  return graph.podNode(a.namespace, a.name) === node ? ALLOW : noRelationship(node);
}

export function decideNodeRequest(a: RequestAttributes, graph: PodGraphView): NodeDecision {
  const node = nodeNameOf(a.user);
  if (node === undefined) return a.user.groups.includes(BOOTSTRAPPERS_GROUP) ? decideBootstrapper(a) : NO_OPINION;
  if (!a.resourceRequest) {
    return a.verb === 'get' && DISCOVERY_PATHS.some((p) => p.test(a.path)) ? ALLOW : NO_OPINION;
  }
  const own = decideOwnObject(a, node) ?? decideRead(a);
  if (own) return own;
  if ((a.apiGroup === '' || a.apiGroup === 'events.k8s.io') && a.resource === 'events' && ['create', 'update', 'patch'].includes(a.verb)) return ALLOW;
  if (a.apiGroup === '' && REFERENCED.has(a.resource) && a.verb === 'get' && a.subresource === undefined && a.namespace && a.name) {
    return graph.nodeReferences(node, a.resource as ReferencedResource, a.namespace, a.name) ? ALLOW : noRelationship(node);
  }
  if (a.apiGroup === '' && a.resource === 'persistentvolumes' && (a.verb === 'update' || a.verb === 'patch') && a.subresource === undefined && a.name) {
    // The agent drops the local-path cleanup finalizer once it removed the directory.
    return graph.volumeNode(a.name) === node ? ALLOW : noRelationship(node);
  }
  return decidePodWrite(a, node, graph) ?? NO_OPINION;
}

export interface NodeAuthorizerOptions {
  store: Store;
  logger?: Logger;
  catchUpMs?: number;
}

export function createNodeAuthorizer(options: NodeAuthorizerOptions): Authorizer & { ready: Promise<void>; close(): void } {
  const graph = new PodGraph();
  const catchUpMs = options.catchUpMs ?? GRAPH_CATCH_UP_MS;
  const load = (key: string, value: string) => {
    try {
      graph.put(key, JSON.parse(value));
    } catch {
      graph.remove(key);
    }
  };
  const loadVolume = (key: string, value: string) => {
    try {
      graph.putVolume(key, JSON.parse(value));
    } catch {
      graph.removeVolume(key);
    }
  };
  const pods = mirrorStorePrefix({
    store: options.store, prefix: '/registry/core/pods/', logger: options.logger,
    reset: (items) => { graph.clear(); for (const kv of items) load(kv.key, kv.value); },
    apply: (event) => (event.type === 'delete' ? graph.remove(event.key) : load(event.key, event.value)),
  });
  const volumes = mirrorStorePrefix({
    store: options.store, prefix: '/registry/core/persistentvolumes/', logger: options.logger,
    reset: (items) => { graph.clearVolumes(); for (const kv of items) loadVolume(kv.key, kv.value); },
    apply: (event) => (event.type === 'delete' ? graph.removeVolume(event.key) : loadVolume(event.key, event.value)),
  });
  const mirror = { nextChange: (ms: number) => Promise.race([pods.nextChange(ms), volumes.nextChange(ms)]) };
  return {
    ready: Promise.all([pods.ready, volumes.ready]).then(() => undefined),
    close: () => { pods.close(); volumes.close(); },
    async authorize(attributes): Promise<AuthorizationDecision> {
      const deadline = Date.now() + catchUpMs;
      let decision = decideNodeRequest(attributes, graph);
      while (!decision.allowed && decision.graphDependent && Date.now() < deadline) {
        await mirror.nextChange(deadline - Date.now());
        decision = decideNodeRequest(attributes, graph);
      }
      return decision.allowed ? decision : { allowed: false, reason: decision.reason };
    },
  };
}
