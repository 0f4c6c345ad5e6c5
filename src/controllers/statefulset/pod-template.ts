/**
 * The objects a StatefulSet creates for one ordinal: its Pod (stable name, identity labels,
 * hostname/subdomain, claim volumes) and its PersistentVolumeClaims. Pure.
 */
import type { KubeObject } from '../../api/types.js';
import { controllerRefTo } from '../common/pods.js';
import { podFromTemplate } from '../replicaset/pod-template.js';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const REVISION_LABEL = 'controller-revision-hash';
/** Marks pods that must never run twice; the stable pod name is what fences the replacement. */
export const AT_MOST_ONCE_ANNOTATION = 'tugboat.io/at-most-once';

export function podName(sts: KubeObject, ordinal: number): string {
  return `${sts.metadata.name}-${ordinal}`;
}

/** The ordinal of a pod named `<sts>-<n>`, or undefined when the name is not of that shape. */
export function ordinalOf(sts: KubeObject, pod: KubeObject): number | undefined {
  const prefix = `${sts.metadata.name}-`;
  const name = pod.metadata.name ?? '';
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9][0-9]*)$/.test(rest) ? Number(rest) : undefined;
}

export function claimName(templateName: string, sts: KubeObject, ordinal: number): string {
  return `${templateName}-${podName(sts, ordinal)}`;
}

function claimTemplates(sts: KubeObject): KubeObject[] {
  return (sts.spec?.volumeClaimTemplates ?? []) as KubeObject[];
}

/** The PVCs of one ordinal. Not owned by the StatefulSet: they outlive it (retain policy). */
export function claimsFor(sts: KubeObject, ordinal: number): KubeObject[] {
  const selectorLabels: Record<string, string> = sts.spec?.selector?.matchLabels ?? {};
  return claimTemplates(sts).map((t) => ({
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: {
      name: claimName(t.metadata.name!, sts, ordinal), namespace: sts.metadata.namespace,
      labels: { ...(t.metadata.labels ?? {}), ...selectorLabels },
      ...(t.metadata.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
    },
    spec: structuredClone(t.spec ?? {}),
  }));
}

export function statefulPodFor(sts: KubeObject, ordinal: number, revision: string): KubeObject {
  const pod = podFromTemplate(sts, sts.spec?.template ?? {});
  const name = podName(sts, ordinal);
  delete pod.metadata.generateName;
  pod.metadata.name = name;
  pod.metadata.ownerReferences = [controllerRefTo(sts)];
  pod.metadata.labels = { ...pod.metadata.labels, [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [REVISION_LABEL]: revision };
  // Default on, but a template may say otherwise explicitly.
  pod.metadata.annotations = { [AT_MOST_ONCE_ANNOTATION]: 'true', ...(pod.metadata.annotations ?? {}) };
  const spec = pod.spec ?? {};
  spec.hostname = name;
  if (sts.spec?.serviceName) spec.subdomain = sts.spec.serviceName;
  const claimVolumes = claimTemplates(sts).map((t) => ({
    name: t.metadata.name!, persistentVolumeClaim: { claimName: claimName(t.metadata.name!, sts, ordinal) },
  }));
  if (claimVolumes.length > 0) {
    // A template volume with a claim template's name is replaced, as in Kubernetes.
    const taken = new Set(claimVolumes.map((v) => v.name));
    spec.volumes = [...((spec.volumes ?? []) as Array<{ name: string }>).filter((v) => !taken.has(v.name)), ...claimVolumes];
  }
  pod.spec = spec;
  return pod;
}
