/**
 * The namespace controller's decision: a Namespace marked for deletion is Terminating; every
 * object still in it that is not already being deleted gets deleted; once nothing is left,
 * the `kubernetes` finalizer comes off spec.finalizers and the apiserver removes the
 * Namespace. Pure.
 */
import type { KubeObject } from '../../api/types.js';
import type { ResourceType } from '../../client/index.js';

export const NAMESPACE_FINALIZER = 'kubernetes';

/** While content remains, look again this often (deletes of bound pods wait on their agent). */
export const NAMESPACE_RECHECK_MS = 1000;

export interface NamespaceContents {
  type: ResourceType;
  items: KubeObject[];
}

export interface NamespaceDecision {
  /** Nothing to do: not being deleted, or already finalized. */
  idle: boolean;
  setTerminating: boolean;
  deletes: Array<{ type: ResourceType; object: KubeObject }>;
  /** Objects still present per resource (being deleted or about to be), for the condition. */
  remaining: Record<string, number>;
  /** spec.finalizers to write through the finalize subresource, when it is time. */
  finalizeTo?: string[];
  requeueAfterMs?: number;
}

export function decideNamespace(namespace: KubeObject, contents: NamespaceContents[]): NamespaceDecision {
  const finalizers: string[] = namespace.spec?.finalizers ?? [];
  const idle: NamespaceDecision = { idle: true, setTerminating: false, deletes: [], remaining: {} };
  if (!namespace.metadata.deletionTimestamp || !finalizers.includes(NAMESPACE_FINALIZER)) return idle;
  const deletes: NamespaceDecision['deletes'] = [];
  const remaining: Record<string, number> = {};
  for (const { type, items } of contents) {
    if (items.length > 0) remaining[type.resource] = items.length;
    for (const object of items) if (!object.metadata.deletionTimestamp) deletes.push({ type, object });
  }
  const empty = Object.keys(remaining).length === 0;
  return {
    idle: false,
    setTerminating: namespace.status?.phase !== 'Terminating',
    deletes,
    remaining,
    ...(empty ? { finalizeTo: finalizers.filter((f) => f !== NAMESPACE_FINALIZER) } : { requeueAfterMs: NAMESPACE_RECHECK_MS }),
  };
}

/** Kubernetes' NamespaceContentRemaining message: "Some resources are remaining: pods. has 2 resource instances". */
export function remainingMessage(remaining: Record<string, number>): string {
  const parts = Object.entries(remaining).sort(([a], [b]) => a.localeCompare(b)).map(([r, n]) => `${r}. has ${n} resource instances`);
  return parts.length ? `Some resources are remaining: ${parts.join(', ')}` : 'All content successfully removed';
}
