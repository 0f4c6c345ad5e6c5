/**
 * Strategic-merge-patch list strategies for the built-in kinds, transcribed from the
 * `patchStrategy`/`patchMergeKey` struct tags in k8s.io/api v0.32 (core/v1, apps/v1,
 * meta/v1; kubernetes-api.md §9). A list field not matched here is atomic: a patch
 * replaces it whole.
 *
 * `path` is the chain of field names from the object root to the list; list elements add
 * no segment (so Deployment containers are spec.template.spec.containers).
 */

export type ListStrategy =
  | { type: 'merge'; mergeKey: string }
  /** A set of scalars (metadata.finalizers): union on patch. */
  | { type: 'merge-primitive' };

interface Rule {
  /** Matches when the path ends with these segments. */
  suffix: string[];
  /** Only for these kinds (absent = any kind). */
  kinds?: string[];
  /** The path must be exactly the suffix (anchored at the root). */
  anchored?: boolean;
  strategy: ListStrategy;
}

const byName: ListStrategy = { type: 'merge', mergeKey: 'name' };
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];

export const MERGE_RULES: readonly Rule[] = [
  // ObjectMeta
  { suffix: ['metadata', 'finalizers'], strategy: { type: 'merge-primitive' } },
  { suffix: ['metadata', 'ownerReferences'], strategy: { type: 'merge', mergeKey: 'uid' } },
  // PodSpec (in Pods and in every pod template)
  ...CONTAINER_LISTS.map((f): Rule => ({ suffix: [f], strategy: byName })),
  { suffix: ['spec', 'volumes'], strategy: byName },
  { suffix: ['spec', 'imagePullSecrets'], strategy: byName },
  { suffix: ['spec', 'hostAliases'], strategy: { type: 'merge', mergeKey: 'ip' } },
  { suffix: ['spec', 'topologySpreadConstraints'], strategy: { type: 'merge', mergeKey: 'topologyKey' } },
  { suffix: ['spec', 'schedulingGates'], strategy: byName },
  { suffix: ['spec', 'resourceClaims'], strategy: byName },
  // Container
  ...CONTAINER_LISTS.flatMap((c): Rule[] => [
    { suffix: [c, 'ports'], strategy: { type: 'merge', mergeKey: 'containerPort' } },
    { suffix: [c, 'env'], strategy: byName },
    { suffix: [c, 'volumeMounts'], strategy: { type: 'merge', mergeKey: 'mountPath' } },
    { suffix: [c, 'volumeDevices'], strategy: { type: 'merge', mergeKey: 'devicePath' } },
    { suffix: [c, 'resizePolicy'], strategy: { type: 'merge', mergeKey: 'resourceName' } },
  ]),
  // Service, ServiceAccount
  { suffix: ['spec', 'ports'], kinds: ['Service'], anchored: true, strategy: { type: 'merge', mergeKey: 'port' } },
  { suffix: ['secrets'], kinds: ['ServiceAccount'], anchored: true, strategy: byName },
  // Status lists
  { suffix: ['status', 'conditions'], strategy: { type: 'merge', mergeKey: 'type' } },
  { suffix: ['status', 'podIPs'], strategy: { type: 'merge', mergeKey: 'ip' } },
  { suffix: ['status', 'hostIPs'], strategy: { type: 'merge', mergeKey: 'ip' } },
  { suffix: ['status', 'addresses'], kinds: ['Node'], anchored: true, strategy: { type: 'merge', mergeKey: 'type' } },
];

function endsWith(path: readonly string[], suffix: readonly string[]): boolean {
  if (suffix.length > path.length) return false;
  const offset = path.length - suffix.length;
  return suffix.every((s, i) => path[offset + i] === s);
}

/** The strategy of the list at `path` in an object of `kind`; undefined = atomic (replace). */
export function listStrategy(kind: string, path: readonly string[]): ListStrategy | undefined {
  for (const rule of MERGE_RULES) {
    if (rule.kinds && !rule.kinds.includes(kind)) continue;
    if (rule.anchored ? path.length === rule.suffix.length && endsWith(path, rule.suffix) : endsWith(path, rule.suffix)) {
      return rule.strategy;
    }
  }
  return undefined;
}
