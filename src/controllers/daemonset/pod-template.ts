/** The daemon pod for one node: the template, bound to the node, with the daemon tolerations. Pure. */
import type { KubeObject } from '../../api/types.js';
import { podFromTemplate } from '../replicaset/pod-template.js';
import { withDaemonTolerations } from './placement.js';
import { REVISION_HASH_LABEL } from './reconcile.js';

export function daemonPodFor(ds: KubeObject, nodeName: string, hash: string): KubeObject {
  const pod = podFromTemplate(ds, ds.spec?.template ?? {});
  pod.metadata.labels = { ...pod.metadata.labels, [REVISION_HASH_LABEL]: hash };
  // Bound at creation (nodeName preset): the scheduler never sees daemon pods.
  pod.spec = { ...pod.spec, nodeName, tolerations: withDaemonTolerations(pod.spec?.tolerations) };
  return pod;
}
