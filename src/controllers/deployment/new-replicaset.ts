/** The ReplicaSet a Deployment creates for its current pod template. Pure. */
import type { KubeObject } from '../../api/types.js';
import { controllerRefTo } from '../common/pods.js';
import { POD_TEMPLATE_HASH_LABEL, templateHash } from './hash.js';
import { CHANGE_CAUSE_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, REVISION_ANNOTATION } from './replicaset-view.js';
import { resolveFenceposts } from './arithmetic.js';

export function newReplicaSet(d: KubeObject, revision: number, replicas: number): KubeObject {
  const hash = templateHash(d.spec.template, d.status?.collisionCount ?? 0);
  const template = structuredClone(d.spec.template ?? {});
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } };
  const selector = structuredClone(d.spec.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const desired = d.spec.replicas ?? 1;
  const fence = resolveFenceposts(d.spec.strategy?.rollingUpdate?.maxSurge, d.spec.strategy?.rollingUpdate?.maxUnavailable, desired);
  const annotations: Record<string, string> = {
    [REVISION_ANNOTATION]: String(revision),
    [DESIRED_REPLICAS_ANNOTATION]: String(desired),
    [MAX_REPLICAS_ANNOTATION]: String(desired + (d.spec.strategy?.type === 'Recreate' ? 0 : fence.maxSurge)),
  };
  const cause = d.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION];
  if (cause) annotations[CHANGE_CAUSE_ANNOTATION] = cause;
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels: { ...(d.spec.template?.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash },
      annotations,
      ownerReferences: [controllerRefTo(d)],
    },
    spec: { replicas, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
  };
}
