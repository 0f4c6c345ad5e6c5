/** core/v1 Service validation. */
import type { Service, ServicePort } from '../../schema/service.js';
import {
  type FieldCause, duplicate, forbidden, immutable, inPortRange, invalidValue, oneOf, required,
} from '../field-errors.js';
import { PROTOCOLS } from './container.js';
import { validateLabels } from './meta.js';
import { portName } from './names.js';

export const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] as const;
/** The default --service-node-port-range of kube-apiserver. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

function validatePort(p: ServicePort, at: string, spec: NonNullable<Service['spec']>, multi: boolean): FieldCause[] {
  const causes: FieldCause[] = [];
  if (p.name) for (const m of portName(p.name)) causes.push(invalidValue(`${at}.name`, p.name, m));
  else if (multi) causes.push(required(`${at}.name`));
  causes.push(...inPortRange(`${at}.port`, p.port));
  causes.push(...oneOf(`${at}.protocol`, p.protocol, PROTOCOLS));
  if (typeof p.targetPort === 'number') causes.push(...inPortRange(`${at}.targetPort`, p.targetPort));
  else if (typeof p.targetPort === 'string') for (const m of portName(p.targetPort)) causes.push(invalidValue(`${at}.targetPort`, p.targetPort, m));
  if (p.nodePort !== undefined && p.nodePort !== 0) {
    if (spec.type !== 'NodePort' && spec.type !== 'LoadBalancer') {
      causes.push(forbidden(`${at}.nodePort`, `may not be used when \`type\` is '${spec.type}'`));
    } else if (p.nodePort < NODE_PORT_RANGE.min || p.nodePort > NODE_PORT_RANGE.max) {
      causes.push(invalidValue(`${at}.nodePort`, p.nodePort,
        `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`));
    }
  }
  return causes;
}

export function validateService(svc: Service): FieldCause[] {
  const spec = svc.spec ?? {};
  const causes: FieldCause[] = [];
  causes.push(...oneOf('spec.type', spec.type, SERVICE_TYPES));
  causes.push(...oneOf('spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']));
  const ports = spec.ports ?? [];
  const headless = spec.clusterIP === 'None';
  if (spec.type === 'ExternalName') {
    if (!spec.externalName) causes.push(required('spec.externalName'));
  } else if (ports.length === 0 && !headless) {
    causes.push(required('spec.ports'));
  }
  const names = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((p, i) => {
    const at = `spec.ports[${i}]`;
    causes.push(...validatePort(p, at, spec, ports.length > 1));
    if (p.name) {
      if (names.has(p.name)) causes.push(duplicate(`${at}.name`, p.name));
      names.add(p.name);
    }
    const key = `${p.port}/${p.protocol ?? 'TCP'}`;
    if (keys.has(key)) causes.push(duplicate(at, key));
    keys.add(key);
  });
  causes.push(...validateLabels(spec.selector, 'spec.selector'));
  if (headless && (spec.type === 'NodePort' || spec.type === 'LoadBalancer')) {
    causes.push(invalidValue('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${spec.type} services`));
  }
  return causes;
}

/** The cluster IP is allocated once; a replace that omits it keeps the old one (see admit). */
export function validateServiceUpdate(svc: Service, old: Service): FieldCause[] {
  const prev = old.spec?.clusterIP;
  const next = svc.spec?.clusterIP;
  const switchingToExternal = svc.spec?.type === 'ExternalName';
  if (prev && next !== prev && !switchingToExternal) return [immutable('spec.clusterIP', next ?? '')];
  return [];
}

/** Fields the server allocated that a full replace may leave out (patchAllocatedValues upstream). */
export function keepAllocatedServiceFields(svc: Service, old: Service): void {
  const spec = svc.spec;
  const prev = old.spec;
  if (!spec || !prev || spec.type === 'ExternalName') return;
  if (spec.clusterIP === undefined && prev.clusterIP) spec.clusterIP = prev.clusterIP;
  if (spec.clusterIPs === undefined && prev.clusterIPs && spec.clusterIP === prev.clusterIP) spec.clusterIPs = prev.clusterIPs;
  if (spec.type !== 'NodePort' && spec.type !== 'LoadBalancer') {
    // Upstream's dropTypeDependentFields: leaving NodePort/LoadBalancer releases the node ports the
    // update merely carried over (a merge patch of `type` alone keeps them in the object).
    for (const p of spec.ports ?? []) {
      if (p.nodePort !== undefined && prev.ports?.some((q) => q.nodePort === p.nodePort)) delete p.nodePort;
    }
    return;
  }
  for (const p of spec.ports ?? []) {
    if (p.nodePort !== undefined) continue;
    const match = prev.ports?.find((q) => q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
    if (match?.nodePort) p.nodePort = match.nodePort;
  }
}
