/** Container validation: names, image, ports, probes, resources, mounts. */
import type { Container, ResourceRequirements } from '../../schema/common/container.js';
import { LIFECYCLE_HANDLERS, PROBE_HANDLERS, type Probe } from '../../schema/common/probe.js';
import { parseQuantity } from '../../schema/common/quantity.js';
import {
  type FieldCause, duplicate, forbidden, inPortRange, invalidValue, nonNegative, notFound, oneOf, required,
} from '../field-errors.js';
import { dns1123Label, portName } from './names.js';

export const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;
const MESSAGE_POLICIES = ['FallbackToLogsOnError', 'File'] as const;
const QUANTITY_REGEX = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

function handlerCount(handler: object, kinds: readonly string[]): number {
  return kinds.filter((k) => (handler as Record<string, unknown>)[k] !== undefined).length;
}

export function validateProbe(probe: Probe | undefined, field: string, opts: { liveness?: boolean } = {}): FieldCause[] {
  if (!probe) return [];
  const causes: FieldCause[] = [];
  const n = handlerCount(probe, PROBE_HANDLERS);
  if (n === 0) causes.push(required(field, 'must specify a handler type'));
  if (n > 1) causes.push(forbidden(field, 'may not specify more than 1 handler type'));
  causes.push(...nonNegative(`${field}.initialDelaySeconds`, probe.initialDelaySeconds));
  for (const key of ['timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    const v = probe[key];
    if (v !== undefined && v < 1) causes.push(invalidValue(`${field}.${key}`, v, 'must be greater than or equal to 1'));
  }
  if (opts.liveness && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    causes.push(invalidValue(`${field}.successThreshold`, probe.successThreshold, 'must be 1'));
  }
  const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
  if (typeof port === 'number') causes.push(...inPortRange(`${field}.${probe.httpGet ? 'httpGet' : 'tcpSocket'}.port`, port));
  return causes;
}

function validateQuantities(list: Record<string, string | number> | undefined, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  for (const [name, q] of Object.entries(list ?? {})) {
    const value = parseQuantity(q);
    if (value === undefined) causes.push(invalidValue(`${field}[${name}]`, q, `must match the regex ${QUANTITY_REGEX}`));
    else if (value < 0) causes.push(invalidValue(`${field}[${name}]`, q, 'must be greater than or equal to 0'));
  }
  return causes;
}

export function validateResources(res: ResourceRequirements | undefined, field: string): FieldCause[] {
  if (!res) return [];
  const causes = [...validateQuantities(res.limits, `${field}.limits`), ...validateQuantities(res.requests, `${field}.requests`)];
  for (const [name, req] of Object.entries(res.requests ?? {})) {
    const lim = res.limits?.[name];
    if (lim === undefined) continue;
    const r = parseQuantity(req);
    const l = parseQuantity(lim);
    if (r !== undefined && l !== undefined && r > l) {
      causes.push(invalidValue(`${field}.requests`, String(req), `must be less than or equal to ${name} limit of ${lim}`));
    }
  }
  return causes;
}

export interface ContainerContext {
  volumeNames: Set<string>;
  seenNames: Set<string>;
}

export function validateContainer(c: Container, field: string, ctx: ContainerContext): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!c.name) causes.push(required(`${field}.name`));
  else {
    for (const m of dns1123Label(c.name)) causes.push(invalidValue(`${field}.name`, c.name, m));
    if (ctx.seenNames.has(c.name)) causes.push(duplicate(`${field}.name`, c.name));
    ctx.seenNames.add(c.name);
  }
  if (!c.image || c.image.trim() === '') causes.push(required(`${field}.image`));
  causes.push(...oneOf(`${field}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
  causes.push(...oneOf(`${field}.terminationMessagePolicy`, c.terminationMessagePolicy, MESSAGE_POLICIES));
  const portNames = new Set<string>();
  (c.ports ?? []).forEach((p, i) => {
    const at = `${field}.ports[${i}]`;
    if (p.name !== undefined) {
      for (const m of portName(p.name)) causes.push(invalidValue(`${at}.name`, p.name, m));
      if (portNames.has(p.name)) causes.push(duplicate(`${at}.name`, p.name));
      portNames.add(p.name);
    }
    causes.push(...(p.containerPort === undefined ? [required(`${at}.containerPort`)] : inPortRange(`${at}.containerPort`, p.containerPort)));
    if (p.hostPort !== undefined && p.hostPort !== 0) causes.push(...inPortRange(`${at}.hostPort`, p.hostPort));
    causes.push(...oneOf(`${at}.protocol`, p.protocol, PROTOCOLS));
  });
  (c.env ?? []).forEach((e, i) => {
    if (!e.name) causes.push(required(`${field}.env[${i}].name`));
    if (e.value !== undefined && e.value !== '' && e.valueFrom) {
      causes.push(invalidValue(`${field}.env[${i}].valueFrom`, '', 'may not be specified when `value` is not empty'));
    }
  });
  (c.volumeMounts ?? []).forEach((m, i) => {
    const at = `${field}.volumeMounts[${i}]`;
    if (!m.name) causes.push(required(`${at}.name`));
    else if (!ctx.volumeNames.has(m.name)) causes.push(notFound(`${at}.name`, m.name));
    if (!m.mountPath) causes.push(required(`${at}.mountPath`));
  });
  causes.push(...validateResources(c.resources, `${field}.resources`));
  causes.push(...validateProbe(c.livenessProbe, `${field}.livenessProbe`, { liveness: true }));
  causes.push(...validateProbe(c.readinessProbe, `${field}.readinessProbe`));
  causes.push(...validateProbe(c.startupProbe, `${field}.startupProbe`, { liveness: true }));
  for (const hook of ['postStart', 'preStop'] as const) {
    const h = c.lifecycle?.[hook];
    if (h && handlerCount(h, LIFECYCLE_HANDLERS) !== 1) {
      causes.push(required(`${field}.lifecycle.${hook}`, 'must specify a handler type'));
    }
  }
  return causes;
}
