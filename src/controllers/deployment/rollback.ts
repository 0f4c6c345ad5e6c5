/**
 * Automatic rollback target: the newest older ReplicaSet whose rollout completed. The
 * Deployment's template is set back to it (as `kubectl rollout undo` would), and the
 * Deployment is annotated with the template hash the rollback wrote, so the RolledBack
 * condition stays until someone changes the template (and the failed one is never retried
 * by Tugboat itself). Pure.
 */
import type { KubeObject } from '../../api/types.js';
import { templateHash, withoutHashLabel } from './hash.js';
import { AVAILABLE_ANNOTATION, revisionOf } from './replicaset-view.js';

/** Template hash the rollback wrote; the RolledBack condition lives while the template still hashes to it. */
export const ROLLBACK_TEMPLATE_ANNOTATION = 'tugboat.io/rolled-back-to-template';
export const ROLLED_BACK_FROM_ANNOTATION = 'tugboat.io/rolled-back-from-revision';
/** Why the last automatic rollback happened; shown as the RolledBack condition. */
export const ROLLBACK_MESSAGE_ANNOTATION = 'tugboat.io/rollback-message';

export interface Rollback {
  template: unknown;
  fromRevision: number;
  toRevision: number;
  reason: string;
  message: string;
  /** Annotations to set on the Deployment with the template change. */
  annotations: Record<string, string>;
}

export function planRollback(d: KubeObject, failedRs: KubeObject, old: KubeObject[], reason: string): Rollback | undefined {
  const target = old
    .filter((rs) => rs.metadata.annotations?.[AVAILABLE_ANNOTATION] === 'true')
    .sort((a, b) => revisionOf(b) - revisionOf(a))[0];
  if (!target) return undefined;
  const fromRevision = revisionOf(failedRs);
  const toRevision = revisionOf(target);
  return {
    template: withoutHashLabel(target.spec.template),
    fromRevision, toRevision, reason,
    message: `Rolled back from revision ${fromRevision} to revision ${toRevision}: ${reason}`,
    annotations: {
      [ROLLBACK_TEMPLATE_ANNOTATION]: templateHash(withoutHashLabel(target.spec.template)),
      [ROLLED_BACK_FROM_ANNOTATION]: String(fromRevision),
      [ROLLBACK_MESSAGE_ANNOTATION]: `Rolled back from revision ${fromRevision} to revision ${toRevision}: ${reason}`,
    },
  };
}
