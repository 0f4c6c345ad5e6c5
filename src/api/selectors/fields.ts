/**
 * Field selectors (`?fieldSelector=metadata.name=web,spec.nodeName!=`): `=`, `==`, `!=`
 * over a per-resource set of supported fields, as Kubernetes' field label conversion
 * functions allow. Unsupported fields are a parse error (the apiserver answers 400).
 */
import type { KubeObject } from '../types.js';
import type { ParseResult } from './labels.js';

export interface FieldRequirement {
  field: string;
  operator: 'Equals' | 'NotEquals';
  value: string;
}

type FieldGetter = (object: KubeObject) => string;

function str(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

const METADATA: Record<string, FieldGetter> = {
  'metadata.name': (o) => str(o.metadata?.name),
  'metadata.namespace': (o) => str(o.metadata?.namespace),
};

/** Extra fields per resource (plural), from the upstream *FieldsSet / field label conversion funcs. */
const EXTRA: Record<string, Record<string, FieldGetter>> = {
  pods: {
    'spec.nodeName': (o) => str(o.spec?.nodeName),
    'spec.restartPolicy': (o) => str(o.spec?.restartPolicy),
    'spec.schedulerName': (o) => str(o.spec?.schedulerName),
    'spec.serviceAccountName': (o) => str(o.spec?.serviceAccountName),
    'spec.hostNetwork': (o) => str(o.spec?.hostNetwork ?? false),
    'status.phase': (o) => str(o.status?.phase),
    'status.podIP': (o) => str(o.status?.podIP),
    'status.nominatedNodeName': (o) => str(o.status?.nominatedNodeName),
  },
  events: {
    'involvedObject.kind': (o) => str((o.involvedObject as any)?.kind),
    'involvedObject.namespace': (o) => str((o.involvedObject as any)?.namespace),
    'involvedObject.name': (o) => str((o.involvedObject as any)?.name),
    'involvedObject.uid': (o) => str((o.involvedObject as any)?.uid),
    'involvedObject.apiVersion': (o) => str((o.involvedObject as any)?.apiVersion),
    'involvedObject.resourceVersion': (o) => str((o.involvedObject as any)?.resourceVersion),
    'involvedObject.fieldPath': (o) => str((o.involvedObject as any)?.fieldPath),
    reason: (o) => str(o.reason),
    reportingComponent: (o) => str(o.reportingComponent),
    source: (o) => str((o.source as any)?.component ?? o.reportingComponent),
    type: (o) => str(o.type),
  },
  nodes: { 'spec.unschedulable': (o) => str(o.spec?.unschedulable ?? false) },
  secrets: { type: (o) => str(o.type) },
  namespaces: { 'status.phase': (o) => str(o.status?.phase) },
  replicasets: { 'status.replicas': (o) => str(o.status?.replicas ?? 0) },
  jobs: { 'status.successful': (o) => str(o.status?.succeeded ?? 0) },
};

function getterFor(resource: string, field: string): FieldGetter | undefined {
  return METADATA[field] ?? EXTRA[resource]?.[field];
}

/** Parse `fieldSelector` for a resource (plural name). Empty = matches everything. */
export function parseFieldSelector(input: string, resource: string): ParseResult<FieldRequirement[]> {
  if (input.trim() === '') return { ok: true, value: [] };
  const out: FieldRequirement[] = [];
  for (const raw of input.split(',')) {
    const term = raw.trim();
    const m = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) return { ok: false, message: `invalid selector: '${input}'; can't understand '${term}'` };
    const [, field, op, value] = m;
    if (!getterFor(resource, field)) return { ok: false, message: `field label not supported: ${field}` };
    out.push({ field, operator: op === '!=' ? 'NotEquals' : 'Equals', value });
  }
  return { ok: true, value: out };
}

export function matchesFields(requirements: readonly FieldRequirement[], resource: string, object: KubeObject): boolean {
  for (const req of requirements) {
    const getter = getterFor(resource, req.field);
    const actual = getter ? getter(object) : '';
    if ((actual === req.value) !== (req.operator === 'Equals')) return false;
  }
  return true;
}

/** The fields a resource supports, for documentation and error messages. */
export function supportedFields(resource: string): string[] {
  return [...Object.keys(METADATA), ...Object.keys(EXTRA[resource] ?? {})];
}
