/**
 * Which ConfigMaps and Secrets a pod spec reads: env valueFrom, envFrom, and configMap /
 * secret / projected volumes, in containers and initContainers. Pure.
 */
export type ConfigKind = 'ConfigMap' | 'Secret';

export interface ConfigRef {
  kind: ConfigKind;
  name: string;
}

type Obj = Record<string, any>;

/** The referenced objects, deduplicated and sorted (kind, then name) so hashing is stable. */
export function configReferences(podSpec: Obj | undefined): ConfigRef[] {
  const found = new Map<string, ConfigRef>();
  const add = (kind: ConfigKind, name: unknown) => {
    if (typeof name === 'string' && name !== '') found.set(`${kind}/${name}`, { kind, name });
  };
  const containers: Obj[] = [...(podSpec?.initContainers ?? []), ...(podSpec?.containers ?? [])];
  for (const c of containers) {
    for (const e of (c.env ?? []) as Obj[]) {
      add('ConfigMap', e.valueFrom?.configMapKeyRef?.name);
      add('Secret', e.valueFrom?.secretKeyRef?.name);
    }
    for (const e of (c.envFrom ?? []) as Obj[]) {
      add('ConfigMap', e.configMapRef?.name);
      add('Secret', e.secretRef?.name);
    }
  }
  for (const v of (podSpec?.volumes ?? []) as Obj[]) {
    add('ConfigMap', v.configMap?.name);
    add('Secret', v.secret?.secretName);
    for (const s of (v.projected?.sources ?? []) as Obj[]) {
      add('ConfigMap', s.configMap?.name);
      add('Secret', s.secret?.name);
    }
  }
  return [...found.values()].sort((a, b) => (a.kind === b.kind ? cmp(a.name, b.name) : cmp(a.kind, b.kind)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function refersTo(refs: ConfigRef[], kind: ConfigKind, name: string): boolean {
  return refs.some((r) => r.kind === kind && r.name === name);
}
