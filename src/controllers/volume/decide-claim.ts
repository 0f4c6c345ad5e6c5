/**
 * The binder's decision for one PersistentVolumeClaim: assign the default class, bind to a
 * matching PersistentVolume (pre-bound first, else the smallest that fits), provision one
 * (Immediate classes at once, WaitForFirstConsumer classes once the scheduler has picked a
 * node), or explain why the claim stays Pending. Pure; the shell applies the actions in order.
 */
import type { KubeObject } from '../../api/types.js';
import { parseQuantity } from '../../api/schema/common/quantity.js';
import { labelSelectorMatcher } from '../../api/selectors/index.js';
import { matchesTerm } from '../../scheduler/filters/node-affinity.js';
import {
  BIND_COMPLETED_ANNOTATION, BOUND_BY_CONTROLLER_ANNOTATION, classOf, HOSTNAME_LABEL, isDefaultClass, SELECTED_NODE_ANNOTATION,
} from './constants.js';
import { provisionedVolume, PROVISIONERS } from './provision.js';

export interface ClaimSnapshot {
  claim: KubeObject;
  volumes: KubeObject[];
  classes: KubeObject[];
}

export interface ClaimStatus {
  phase: 'Pending' | 'Bound' | 'Lost';
  accessModes?: string[];
  capacity?: Record<string, string | number>;
}

export type ClaimAction =
  /** Retroactive default class: the claim was created without storageClassName. */
  | { kind: 'assignClass'; className: string }
  /** Write the volume's claimRef (an update with the volume's resourceVersion: a conflict means someone else won). */
  | { kind: 'claimVolume'; volume: KubeObject }
  /** Write the claim's spec.volumeName and the bind annotations. */
  | { kind: 'bindClaim'; volumeName: string; annotations: Record<string, string> }
  | { kind: 'claimStatus'; status: ClaimStatus }
  | { kind: 'provision'; volume: KubeObject }
  | { kind: 'event'; type: 'Normal' | 'Warning'; reason: string; message: string };

const FILESYSTEM = 'Filesystem';

export function requestedBytes(claim: KubeObject): number {
  return parseQuantity(claim.spec?.resources?.requests?.storage ?? 0) ?? 0;
}

export function capacityBytes(volume: KubeObject): number {
  return parseQuantity(volume.spec?.capacity?.storage ?? 0) ?? 0;
}

/** Whether a volume's claimRef names this claim (uid too, once the binder has written it). */
export function refersTo(volume: KubeObject, claim: KubeObject): boolean {
  const ref = volume.spec?.claimRef;
  if (!ref || ref.name !== claim.metadata.name || (ref.namespace ?? '') !== (claim.metadata.namespace ?? '')) return false;
  return !ref.uid || ref.uid === claim.metadata.uid;
}

/** The default StorageClass; with several, the newest wins (as Kubernetes). */
export function defaultClass(classes: KubeObject[]): KubeObject | undefined {
  return classes.filter(isDefaultClass).sort((a, b) =>
    (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))[0];
}

/** Whether a volume's required node affinity admits a node known only by its hostname. */
export function volumeAllowsNode(volume: KubeObject, node: string, nodeLabels: Record<string, string> = {}): boolean {
  const terms: any[] | undefined = volume.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return true;
  const labels = { [HOSTNAME_LABEL]: node, ...nodeLabels };
  return terms.some((t) => matchesTerm(labels, t));
}

/** Available volumes that satisfy the claim, smallest first. `node` restricts to volumes reachable from it. */
export function matchingVolumes(claim: KubeObject, className: string, volumes: KubeObject[], node?: string): KubeObject[] {
  const wanted: string[] = claim.spec?.accessModes ?? [];
  const request = requestedBytes(claim);
  const mode = claim.spec?.volumeMode ?? FILESYSTEM;
  const selects = claim.spec?.selector ? labelSelectorMatcher(claim.spec.selector) : () => true;
  return volumes
    .filter((pv) => !pv.spec?.claimRef && !pv.metadata.deletionTimestamp)
    .filter((pv) => (pv.status?.phase ?? 'Available') === 'Available' || pv.status?.phase === 'Pending')
    .filter((pv) => (classOf(pv) ?? '') === className)
    .filter((pv) => wanted.every((m) => (pv.spec?.accessModes ?? []).includes(m)))
    .filter((pv) => (pv.spec?.volumeMode ?? FILESYSTEM) === mode)
    .filter((pv) => capacityBytes(pv) >= request)
    .filter((pv) => selects(pv.metadata.labels ?? {}))
    .filter((pv) => node === undefined || volumeAllowsNode(pv, node))
    .sort((a, b) => capacityBytes(a) - capacityBytes(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
}

export function claimRefTo(claim: KubeObject): Record<string, string> {
  return {
    kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: claim.metadata.namespace ?? '',
    name: claim.metadata.name ?? '', uid: claim.metadata.uid ?? '', resourceVersion: claim.metadata.resourceVersion ?? '',
  };
}

function withClaimRef(volume: KubeObject, claim: KubeObject): KubeObject {
  const copy = structuredClone(volume);
  copy.spec = { ...copy.spec, claimRef: claimRefTo(claim) };
  copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), [BOUND_BY_CONTROLLER_ANNOTATION]: 'yes' };
  return copy;
}

function boundStatus(volume: KubeObject): ClaimStatus {
  return { phase: 'Bound', accessModes: volume.spec?.accessModes ?? [], capacity: volume.spec?.capacity ?? {} };
}

function statusIfChanged(claim: KubeObject, status: ClaimStatus): ClaimAction[] {
  const cur = claim.status ?? {};
  const same = cur.phase === status.phase &&
    JSON.stringify(cur.accessModes ?? null) === JSON.stringify(status.accessModes ?? null) &&
    JSON.stringify(cur.capacity ?? null) === JSON.stringify(status.capacity ?? null);
  return same ? [] : [{ kind: 'claimStatus', status }];
}

/** The actions that bind the claim to `volume` and mark it Bound. */
function bindTo(claim: KubeObject, volume: KubeObject, byController: boolean): ClaimAction[] {
  const actions: ClaimAction[] = [];
  if (!volume.spec?.claimRef?.uid) actions.push({ kind: 'claimVolume', volume: withClaimRef(volume, claim) });
  if (claim.spec?.volumeName !== volume.metadata.name) {
    const annotations: Record<string, string> = { [BIND_COMPLETED_ANNOTATION]: 'yes' };
    if (byController) annotations[BOUND_BY_CONTROLLER_ANNOTATION] = 'yes';
    actions.push({ kind: 'bindClaim', volumeName: volume.metadata.name!, annotations });
  }
  actions.push(...statusIfChanged(claim, boundStatus(volume)));
  return actions;
}

function pending(claim: KubeObject, event?: Omit<Extract<ClaimAction, { kind: 'event' }>, 'kind'>): ClaimAction[] {
  const actions: ClaimAction[] = statusIfChanged(claim, { phase: 'Pending' });
  if (event) actions.push({ kind: 'event', ...event });
  return actions;
}

export function decideClaim(snapshot: ClaimSnapshot): ClaimAction[] {
  const { claim, volumes, classes } = snapshot;
  if (claim.metadata.deletionTimestamp) return [];
  let className = classOf(claim);
  if (className === undefined) {
    const fallback = defaultClass(classes);
    if (fallback) return [{ kind: 'assignClass', className: fallback.metadata.name! }];
    className = '';
  }

  const volumeName: string | undefined = claim.spec?.volumeName || undefined;
  if (volumeName) return decideNamedVolume(claim, volumeName, volumes);

  const preBound = volumes.find((pv) => refersTo(pv, claim) && !pv.metadata.deletionTimestamp);
  if (preBound) return bindTo(claim, preBound, true);

  const storageClass = className ? classes.find((c) => c.metadata.name === className) : undefined;
  const waitsForConsumer = storageClass?.volumeBindingMode === 'WaitForFirstConsumer';
  const selectedNode = claim.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
  if (waitsForConsumer && !selectedNode) {
    return pending(claim, { type: 'Normal', reason: 'WaitForFirstConsumer', message: 'waiting for first consumer to be created before binding' });
  }
  const match = matchingVolumes(claim, className, volumes, waitsForConsumer ? selectedNode : undefined)[0];
  if (match) return bindTo(claim, match, true);

  if (!className) {
    return pending(claim, { type: 'Normal', reason: 'FailedBinding', message: 'no persistent volumes available for this claim and no storage class is set' });
  }
  if (!storageClass) {
    return pending(claim, { type: 'Warning', reason: 'ProvisioningFailed', message: `storageclass.storage.k8s.io "${className}" not found` });
  }
  const provisioner = (storageClass.provisioner as string | undefined) ?? '';
  if (!PROVISIONERS.has(provisioner)) {
    return pending(claim, {
      type: 'Normal', reason: 'ExternalProvisioning',
      message: `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    });
  }
  const made = provisionedVolume(claim, storageClass, selectedNode);
  if (!made.ok) return pending(claim, { type: 'Warning', reason: 'ProvisioningFailed', message: made.message });
  return [...statusIfChanged(claim, { phase: 'Pending' }), { kind: 'provision', volume: made.volume }];
}

/** A claim that names its volume (pre-bound by the user, or bound earlier). */
function decideNamedVolume(claim: KubeObject, volumeName: string, volumes: KubeObject[]): ClaimAction[] {
  const volume = volumes.find((pv) => pv.metadata.name === volumeName);
  const wasBound = claim.status?.phase === 'Bound' || claim.status?.phase === 'Lost';
  if (!volume) {
    if (!wasBound) return pending(claim);
    const lost = statusIfChanged(claim, { phase: 'Lost' });
    if (lost.length === 0) return [];
    return [...lost, { kind: 'event', type: 'Warning', reason: 'ClaimLost', message: 'Bound claim has lost its PersistentVolume. Data on the volume is lost!' }];
  }
  if (!volume.spec?.claimRef) {
    if (volume.metadata.deletionTimestamp) return pending(claim);
    return bindTo(claim, volume, false);
  }
  if (refersTo(volume, claim)) return bindTo(claim, volume, false);
  if (wasBound) {
    const lost = statusIfChanged(claim, { phase: 'Lost' });
    if (lost.length === 0) return [];
    return [...lost, { kind: 'event', type: 'Warning', reason: 'ClaimMisbound', message: 'Two claims are bound to the same volume, this one is bound incorrectly' }];
  }
  return pending(claim, { type: 'Warning', reason: 'FailedBinding', message: `volume "${volumeName}" already bound to a different claim.` });
}
