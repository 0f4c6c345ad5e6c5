/** The Pod a Job creates: its template, labelled as the Job's, controlled by it. Pure. */
import type { KubeObject } from '../../api/types.js';
import { podFromTemplate } from '../replicaset/pod-template.js';
import { COMPLETION_INDEX_ANNOTATION } from './indexed.js';

export const JOB_NAME_LABELS = ['job-name', 'batch.kubernetes.io/job-name'] as const;
export const CONTROLLER_UID_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid'] as const;

/** `index`: Indexed mode's completion index, as annotation, label, env JOB_COMPLETION_INDEX and hostname. */
export function jobPodFor(job: KubeObject, index?: number): KubeObject {
  const pod = podFromTemplate(job, job.spec?.template ?? {});
  for (const key of JOB_NAME_LABELS) pod.metadata.labels![key] = job.metadata.name!;
  for (const key of CONTROLLER_UID_LABELS) pod.metadata.labels![key] = job.metadata.uid!;
  if (index !== undefined) {
    pod.metadata.generateName = `${job.metadata.name}-${index}-`;
    pod.metadata.labels![COMPLETION_INDEX_ANNOTATION] = String(index);
    pod.metadata.annotations = { ...pod.metadata.annotations, [COMPLETION_INDEX_ANNOTATION]: String(index) };
    const env = { name: 'JOB_COMPLETION_INDEX', value: String(index) };
    pod.spec = {
      ...pod.spec,
      hostname: `${job.metadata.name}-${index}`,
      containers: (pod.spec?.containers ?? []).map((c: { env?: unknown[] }) => ({ ...c, env: [...(c.env ?? []), env] })),
    };
  }
  // Validation requires OnFailure or Never for Job pods; a missing one means Never here.
  pod.spec = { ...pod.spec, restartPolicy: pod.spec?.restartPolicy ?? 'Never' };
  return pod;
}
