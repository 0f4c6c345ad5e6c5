/** Names shared by the volume controller, the scheduler's volume filter and the agent's reclaimer. */

export const LOCAL_PATH_PROVISIONER = 'tugboat.io/local-path';
export const SHARED_PROVISIONER = 'tugboat.io/shared';
export const LOCAL_PATH_CLASS = 'local-path';
export const SHARED_CLASS = 'shared';

/** Set by the scheduler on a WaitForFirstConsumer claim: provision on this node. */
export const SELECTED_NODE_ANNOTATION = 'volume.kubernetes.io/selected-node';
export const PROVISIONED_BY_ANNOTATION = 'pv.kubernetes.io/provisioned-by';
export const BIND_COMPLETED_ANNOTATION = 'pv.kubernetes.io/bind-completed';
export const BOUND_BY_CONTROLLER_ANNOTATION = 'pv.kubernetes.io/bound-by-controller';
export const STORAGE_PROVISIONER_ANNOTATION = 'volume.kubernetes.io/storage-provisioner';
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
const BETA_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';
const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/**
 * On local-path volumes with reclaim policy Delete: only the agent of the volume's node can
 * remove the directory, so the object stays until that agent has done it.
 */
export const LOCAL_PATH_CLEANUP_FINALIZER = 'tugboat.io/local-path-cleanup';
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

export interface NamedObject {
  metadata: { name?: string; annotations?: Record<string, string> };
}

export function isDefaultClass(sc: NamedObject): boolean {
  const a = sc.metadata.annotations ?? {};
  return a[DEFAULT_CLASS_ANNOTATION] === 'true' || a[BETA_DEFAULT_CLASS_ANNOTATION] === 'true';
}

/** The class a claim or volume asks for; the beta annotation wins, as helper.GetPersistentVolumeClaimClass. */
export function classOf(o: { metadata: { annotations?: Record<string, string> }; spec?: { storageClassName?: string } }): string | undefined {
  return o.metadata.annotations?.[BETA_CLASS_ANNOTATION] ?? o.spec?.storageClassName;
}
