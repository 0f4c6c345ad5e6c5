/** Namespace, Node, Endpoints, EndpointSlice, Event and Lease validation. */
import type { Endpoints } from '../../schema/endpoints.js';
import type { EndpointSlice } from '../../schema/endpointslice.js';
import type { Event } from '../../schema/event.js';
import type { Lease } from '../../schema/lease.js';
import type { Namespace } from '../../schema/namespace.js';
import type { Node } from '../../schema/node.js';
import { type FieldCause, inPortRange, invalidValue, nonNegative, oneOf, required } from '../field-errors.js';
import { PROTOCOLS } from './container.js';
import { qualifiedName } from './names.js';

const TAINT_EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'] as const;

export function validateNamespace(ns: Namespace): FieldCause[] {
  return oneOf('status.phase', ns.status?.phase, ['Active', 'Terminating']);
}

export function validateNode(node: Node): FieldCause[] {
  const causes: FieldCause[] = [];
  (node.spec?.taints ?? []).forEach((t, i) => {
    for (const m of qualifiedName(t.key)) causes.push(invalidValue(`spec.taints[${i}].key`, t.key, m));
    causes.push(...(t.effect ? oneOf(`spec.taints[${i}].effect`, t.effect, TAINT_EFFECTS) : [required(`spec.taints[${i}].effect`)]));
  });
  return causes;
}

export function validateEndpoints(ep: Endpoints): FieldCause[] {
  const causes: FieldCause[] = [];
  (ep.subsets ?? []).forEach((s, i) => {
    for (const [list, addrs] of [['addresses', s.addresses], ['notReadyAddresses', s.notReadyAddresses]] as const) {
      (addrs ?? []).forEach((a, j) => { if (!a.ip) causes.push(required(`subsets[${i}].${list}[${j}].ip`)); });
    }
    (s.ports ?? []).forEach((p, j) => {
      causes.push(...inPortRange(`subsets[${i}].ports[${j}].port`, p.port));
      causes.push(...oneOf(`subsets[${i}].ports[${j}].protocol`, p.protocol, PROTOCOLS));
    });
  });
  return causes;
}

export function validateEndpointSlice(slice: EndpointSlice): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!slice.addressType) causes.push(required('addressType'));
  else causes.push(...oneOf('addressType', slice.addressType, ['FQDN', 'IPv4', 'IPv6']));
  (slice.endpoints ?? []).forEach((e, i) => {
    if (e.addresses.length === 0) causes.push(required(`endpoints[${i}].addresses`, 'must contain at least 1 address'));
  });
  (slice.ports ?? []).forEach((p, i) => {
    if (p.port !== undefined) causes.push(...inPortRange(`ports[${i}].port`, p.port));
    causes.push(...oneOf(`ports[${i}].protocol`, p.protocol, PROTOCOLS));
  });
  return causes;
}

export function validateEvent(ev: Event): FieldCause[] {
  const causes: FieldCause[] = [];
  const ns = ev.metadata?.namespace;
  const involved = ev.involvedObject?.namespace;
  if (involved && ns && involved !== ns) {
    causes.push(invalidValue('involvedObject.namespace', involved, 'does not match event.namespace'));
  }
  causes.push(...oneOf('type', ev.type, ['Normal', 'Warning']));
  return causes;
}

export function validateLease(lease: Lease): FieldCause[] {
  const spec = lease.spec ?? {};
  const causes = nonNegative('spec.leaseTransitions', spec.leaseTransitions);
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0) {
    causes.push(invalidValue('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  return causes;
}
