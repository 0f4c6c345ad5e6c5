/** Printers for apps/v1 and batch/v1 workloads (printers.go printDeployment … printJob). */
import type { KubeObject } from '../types.js';
import { ageCol, col, containersCol, imagesCol, nameCol, selectorCol } from './columns.js';
import { between, humanDuration, since } from './duration.js';
import { containerCells, formatLabelSelector, formatLabels, num, selectorString } from './format.js';
import type { Printer } from './types.js';

/** spec.replicas defaults to 1 for Deployments, ReplicaSets and StatefulSets. */
const desired = (o: KubeObject): number => (typeof o.spec?.replicas === 'number' ? o.spec.replicas : 1);
const templateContainers = (o: KubeObject): [string, string] => containerCells(o.spec?.template?.spec?.containers);

export const deploymentPrinter: Printer = {
  columns: [
    nameCol(),
    col('Ready', 'Number of the pod with ready state'),
    col('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    ageCol(), containersCol(), imagesCol(), selectorCol(),
  ],
  cells: (o, now) => [
    o.metadata.name ?? '',
    `${num(o.status?.readyReplicas)}/${desired(o)}`,
    num(o.status?.updatedReplicas),
    num(o.status?.availableReplicas),
    since(o.metadata.creationTimestamp, now),
    ...templateContainers(o),
    selectorString(o.spec?.selector),
  ],
};

export const replicaSetPrinter: Printer = {
  columns: [
    nameCol(),
    col('Desired', 'Replicas is the number of desired replicas.', { type: 'integer' }),
    col('Current', 'Replicas is the most recently observed number of replicas.', { type: 'integer' }),
    col('Ready', 'The number of ready replicas for this replica set.', { type: 'integer' }),
    ageCol(), containersCol(), imagesCol(), selectorCol(),
  ],
  cells: (o, now) => [
    o.metadata.name ?? '',
    desired(o),
    num(o.status?.replicas),
    num(o.status?.readyReplicas),
    since(o.metadata.creationTimestamp, now),
    ...templateContainers(o),
    formatLabelSelector(o.spec?.selector),
  ],
};

export const daemonSetPrinter: Printer = {
  columns: [
    nameCol(),
    col('Desired', 'The total number of nodes that should be running the daemon pod.', { type: 'integer' }),
    col('Current', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.', { type: 'integer' }),
    col('Ready', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.', { type: 'integer' }),
    col('Up-to-date', 'The total number of nodes that are running updated daemon pod', { type: 'integer' }),
    col('Available', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.', { type: 'integer' }),
    col('Node Selector', 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
    ageCol(), containersCol(), imagesCol(), selectorCol(),
  ],
  cells: (o, now) => [
    o.metadata.name ?? '',
    num(o.status?.desiredNumberScheduled),
    num(o.status?.currentNumberScheduled),
    num(o.status?.numberReady),
    num(o.status?.updatedNumberScheduled),
    num(o.status?.numberAvailable),
    formatLabels(o.spec?.template?.spec?.nodeSelector),
    since(o.metadata.creationTimestamp, now),
    ...templateContainers(o),
    formatLabelSelector(o.spec?.selector),
  ],
};

export const statefulSetPrinter: Printer = {
  columns: [nameCol(), col('Ready', 'Number of the pod with ready state'), ageCol(), containersCol(), imagesCol()],
  cells: (o, now) => [
    o.metadata.name ?? '',
    `${num(o.status?.readyReplicas)}/${desired(o)}`,
    since(o.metadata.creationTimestamp, now),
    ...templateContainers(o),
  ],
};

export const jobPrinter: Printer = {
  columns: [
    nameCol(),
    col('Status', 'Status of the job.'),
    col('Completions', 'The number of pods which reached phase Succeeded.'),
    col('Duration', 'Time required to complete the job.'),
    ageCol(), containersCol(), imagesCol(), selectorCol(),
  ],
  cells: (o, now) => [
    o.metadata.name ?? '',
    jobStatus(o),
    jobCompletions(o),
    jobDuration(o, now),
    since(o.metadata.creationTimestamp, now),
    ...templateContainers(o),
    formatLabelSelector(o.spec?.selector),
  ],
};

function jobCompletions(o: KubeObject): string {
  const succeeded = num(o.status?.succeeded);
  if (typeof o.spec?.completions === 'number') return `${succeeded}/${o.spec.completions}`;
  const parallelism = num(o.spec?.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(o: KubeObject, now: Date): string {
  const start: string | undefined = o.status?.startTime;
  if (!start) return '';
  const end: string | undefined = o.status?.completionTime;
  return end ? between(start, end) : humanDuration(now.getTime() - Date.parse(start));
}

function jobStatus(o: KubeObject): string {
  const conditions: Array<{ type: string; status: string }> = o.status?.conditions ?? [];
  // hasJobCondition: the first condition of that type decides.
  const has = (type: string): boolean => conditions.find((c) => c.type === type)?.status === 'True';
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (o.metadata.deletionTimestamp) return 'Terminating';
  if (has('Suspended')) return 'Suspended';
  if (has('FailureTarget')) return 'FailureTarget';
  return 'Running';
}
