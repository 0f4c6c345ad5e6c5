/**
 * What a pod needs its node to read: the Secrets, ConfigMaps and PersistentVolumeClaims it
 * names (volumes, projected sources, env valueFrom, envFrom, imagePullSecrets) and its
 * ServiceAccount's token Secret (`<serviceAccountName>-token`). Pure.
 */
import type { KubeObject } from '../api/types.js';

export interface PodReferences {
  /** spec.nodeName ('' while unbound). */
  nodeName: string;
  namespace: string;
  secrets: Set<string>;
  configMaps: Set<string>;
  claims: Set<string>;
}

type Obj = Record<string, unknown>;

const asObject = (value: unknown): Obj | undefined => (value !== null && typeof value === 'object' ? value as Obj : undefined);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const nameAt = (value: unknown, field: string): string | undefined => {
  const text = asObject(value)?.[field];
  return typeof text === 'string' && text !== '' ? text : undefined;
};

function addName(set: Set<string>, name: string | undefined): void {
  if (name !== undefined) set.add(name);
}

function addVolume(refs: PodReferences, volume: Obj): void {
  addName(refs.secrets, nameAt(volume.secret, 'secretName'));
  addName(refs.configMaps, nameAt(volume.configMap, 'name'));
  addName(refs.claims, nameAt(volume.persistentVolumeClaim, 'claimName'));
  for (const source of asArray(asObject(volume.projected)?.sources)) {
    addName(refs.secrets, nameAt(asObject(source)?.secret, 'name'));
    addName(refs.configMaps, nameAt(asObject(source)?.configMap, 'name'));
  }
}

function addContainer(refs: PodReferences, container: Obj): void {
  for (const env of asArray(container.env)) {
    const from = asObject(asObject(env)?.valueFrom);
    addName(refs.secrets, nameAt(from?.secretKeyRef, 'name'));
    addName(refs.configMaps, nameAt(from?.configMapKeyRef, 'name'));
  }
  for (const envFrom of asArray(container.envFrom)) {
    addName(refs.secrets, nameAt(asObject(envFrom)?.secretRef, 'name'));
    addName(refs.configMaps, nameAt(asObject(envFrom)?.configMapRef, 'name'));
  }
}

export function podReferences(pod: KubeObject): PodReferences {
  const spec = asObject(pod.spec) ?? {};
  const refs: PodReferences = {
    nodeName: typeof spec.nodeName === 'string' ? spec.nodeName : '',
    namespace: pod.metadata.namespace ?? 'default',
    secrets: new Set(), configMaps: new Set(), claims: new Set(),
  };
  for (const volume of asArray(spec.volumes)) {
    const v = asObject(volume);
    if (v) addVolume(refs, v);
  }
  for (const list of [spec.containers, spec.initContainers, spec.ephemeralContainers]) {
    for (const container of asArray(list)) {
      const c = asObject(container);
      if (c) addContainer(refs, c);
    }
  }
  for (const pull of asArray(spec.imagePullSecrets)) addName(refs.secrets, nameAt(pull, 'name'));
  const serviceAccount = typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== ''
    ? spec.serviceAccountName
    : typeof spec.serviceAccount === 'string' && spec.serviceAccount !== '' ? spec.serviceAccount : 'default';
  refs.secrets.add(`${serviceAccount}-token`);
  return refs;
}
