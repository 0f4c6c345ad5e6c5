/**
 * The pure decision behind DELETE: remove now, or mark (deletionTimestamp) and keep the
 * object until its finalizers are removed or, for a pod bound to a node, until its agent
 * confirms the containers are gone (a second delete with grace 0).
 */
import { badRequest } from '../../api/errors.js';
import type { KubeObject } from '../../api/types.js';
import { timestamp } from './context.js';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun: boolean;
}

export type DeletionDecision =
  | { type: 'delete' }
  | { type: 'mark'; object: KubeObject }
  | { type: 'unchanged' };

/** Pods get 30 s unless the spec or the request says otherwise (upstream default). */
const DEFAULT_POD_GRACE_SECONDS = 30;

function podGraceSeconds(pod: KubeObject, options: DeleteOptions): number {
  if (!pod.spec?.nodeName) return 0; // never scheduled: nothing runs, delete at once
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return 0;
  return options.gracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_POD_GRACE_SECONDS;
}

function finalizersAfter(object: KubeObject, policy: PropagationPolicy | undefined): string[] {
  const finalizers = [...(object.metadata.finalizers ?? [])];
  const add = policy === 'Foreground' ? 'foregroundDeletion' : policy === 'Orphan' ? 'orphan' : undefined;
  if (add && !finalizers.includes(add)) finalizers.push(add);
  return finalizers;
}

export function decideDeletion(object: KubeObject, options: DeleteOptions, now: Date): DeletionDecision {
  if (options.gracePeriodSeconds !== undefined && (!Number.isInteger(options.gracePeriodSeconds) || options.gracePeriodSeconds < 0)) {
    throw badRequest('gracePeriodSeconds must be a non-negative integer');
  }
  const finalizers = finalizersAfter(object, options.propagationPolicy);
  const namespaceFinalizers: unknown[] = object.kind === 'Namespace' ? (object.spec?.finalizers ?? []) : [];
  const grace = object.kind === 'Pod' ? podGraceSeconds(object, options) : 0;
  if (finalizers.length === 0 && namespaceFinalizers.length === 0 && grace === 0) return { type: 'delete' };

  const meta = object.metadata;
  const alreadyMarked = meta.deletionTimestamp !== undefined;
  const shortens = object.kind === 'Pod' && alreadyMarked && grace < (meta.deletionGracePeriodSeconds ?? 0);
  const finalizersChanged = finalizers.length !== (meta.finalizers ?? []).length;
  if (alreadyMarked && !shortens && !finalizersChanged) return { type: 'unchanged' };

  const deadline = new Date(now.getTime() + grace * 1000);
  const metadata = {
    ...meta,
    finalizers: finalizers.length > 0 ? finalizers : undefined,
    deletionTimestamp: alreadyMarked && !shortens ? meta.deletionTimestamp : timestamp(deadline),
    deletionGracePeriodSeconds: alreadyMarked && !shortens ? meta.deletionGracePeriodSeconds : grace,
  };
  if (metadata.finalizers === undefined) delete metadata.finalizers;
  const marked: KubeObject = { ...object, metadata };
  if (object.kind === 'Namespace') marked.status = { ...(object.status ?? {}), phase: 'Terminating' };
  return { type: 'mark', object: marked };
}
