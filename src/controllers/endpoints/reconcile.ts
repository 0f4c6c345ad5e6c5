/**
 * Pure decision of the endpoints controller for one Service key: from the Service (or its
 * absence), the pods of its namespace and the Endpoints/EndpointSlices that exist, what to
 * create, update and delete. Services without a selector are left alone: their Endpoints
 * belong to the user. Writes are proposed only when content differs (metadata such as
 * resourceVersion is ignored), so resyncs cost nothing.
 */
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../api/types.js';
import { isReady, isTerminal } from '../common/pods.js';
import { desiredEndpoints, desiredSlices, type CandidateAddress } from './desired.js';
import { parseHostPorts } from './host-ports.js';
import { resolvePod, servicePortsOf } from './pod-endpoints.js';

export interface EndpointsSnapshot {
  namespace: string;
  name: string;
  /** Undefined once the Service is deleted. */
  service: KubeObject | undefined;
  /** Pods of the namespace (others are ignored). */
  pods: readonly KubeObject[];
  endpoints: KubeObject | undefined;
  /** EndpointSlices this controller manages for the Service. */
  slices: readonly KubeObject[];
}

export interface EndpointsWarning { reason: 'FailedToResolveTargetPort'; message: string }

export interface EndpointsDecision {
  /** Nothing to do for this Service (no selector, ExternalName): its objects are not ours. */
  unmanaged: boolean;
  endpoints?: { verb: 'create' | 'update' | 'delete'; object: KubeObject };
  createSlices: KubeObject[];
  updateSlices: KubeObject[];
  deleteSlices: KubeObject[];
  warnings: EndpointsWarning[];
}

const NOTHING: EndpointsDecision = { unmanaged: true, createSlices: [], updateSlices: [], deleteSlices: [], warnings: [] };

/** A Service whose endpoints this controller computes. */
export function isManagedService(service: KubeObject): boolean {
  const selector = service.spec?.selector;
  return service.spec?.type !== 'ExternalName' && !!selector && typeof selector === 'object' && Object.keys(selector).length > 0;
}

function selects(service: KubeObject, pod: KubeObject): boolean {
  const selector: Record<string, string> = service.spec.selector;
  const labels = pod.metadata.labels ?? {};
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function reconcileEndpoints(s: EndpointsSnapshot): EndpointsDecision {
  if (!s.service) {
    return {
      unmanaged: false,
      ...(s.endpoints ? { endpoints: { verb: 'delete' as const, object: s.endpoints } } : {}),
      createSlices: [], updateSlices: [], deleteSlices: [...s.slices], warnings: [],
    };
  }
  const service = s.service;
  if (!isManagedService(service)) return NOTHING;

  const ports = servicePortsOf(service);
  const candidates: CandidateAddress[] = [];
  const undeclared = new Map<string, number>();
  let considered = 0;
  const pods = s.pods
    .filter((p) => (p.metadata.namespace ?? 'default') === s.namespace && selects(service, p) && !isTerminal(p))
    .sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
  for (const pod of pods) {
    considered++;
    const resolution = resolvePod(pod, ports, parseHostPorts(pod));
    for (const name of resolution.undeclaredNames) undeclared.set(name, (undeclared.get(name) ?? 0) + 1);
    const facts = { ready: isReady(pod), terminating: !!pod.metadata.deletionTimestamp };
    for (const address of resolution.addresses) candidates.push({ ...address, ...facts });
  }

  const warnings: EndpointsWarning[] = [];
  for (const sp of ports) {
    if (considered > 0 && undeclared.get(sp.name) === considered) {
      warnings.push({
        reason: 'FailedToResolveTargetPort',
        message: `No container of the ${considered} selected pod(s) has a port named "${sp.targetPort}" (targetPort of service port ${sp.name || sp.port}/${sp.protocol})`,
      });
    }
  }

  const decision: EndpointsDecision = { unmanaged: false, createSlices: [], updateSlices: [], deleteSlices: [], warnings };
  const wantedEndpoints = desiredEndpoints(service, candidates);
  if (!s.endpoints) decision.endpoints = { verb: 'create', object: wantedEndpoints };
  else if (!sameEndpoints(s.endpoints, wantedEndpoints)) {
    decision.endpoints = {
      verb: 'update',
      object: { ...s.endpoints, metadata: { ...s.endpoints.metadata, labels: wantedEndpoints.metadata.labels }, subsets: wantedEndpoints.subsets },
    };
  }

  const existing = new Map(s.slices.map((slice) => [slice.metadata.name!, slice]));
  const wantedSlices = desiredSlices(service, candidates);
  for (const slice of wantedSlices) {
    const current = existing.get(slice.metadata.name!);
    existing.delete(slice.metadata.name!);
    if (!current) decision.createSlices.push(slice);
    else if (!sameSlice(current, slice)) {
      decision.updateSlices.push({ ...current, ...slice, metadata: { ...current.metadata, labels: slice.metadata.labels, ownerReferences: slice.metadata.ownerReferences } });
    }
  }
  decision.deleteSlices.push(...existing.values());
  return decision;
}

/** JSON round trip: optional fields that are absent and ones that are undefined compare equal. */
const plain = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

function sameEndpoints(current: KubeObject, wanted: KubeObject): boolean {
  return isDeepStrictEqual(plain(current.metadata.labels ?? {}), plain(wanted.metadata.labels))
    && isDeepStrictEqual(plain(current.subsets ?? []), plain(wanted.subsets));
}

function sameSlice(current: KubeObject, wanted: KubeObject): boolean {
  const view = (o: KubeObject) => plain({
    labels: o.metadata.labels ?? {}, owners: o.metadata.ownerReferences ?? [],
    addressType: o.addressType, endpoints: o.endpoints ?? [], ports: o.ports ?? [],
  });
  return isDeepStrictEqual(view(current), view(wanted));
}
