/** Defaults for apps/v1 and batch/v1 workloads (SetDefaults_Deployment, _StatefulSet …). */
import type { DaemonSet } from '../daemonset.js';
import type { Deployment } from '../deployment.js';
import type { Job } from '../job.js';
import type { ReplicaSet } from '../replicaset.js';
import type { StatefulSet } from '../statefulset.js';
import type { PodTemplateSpec } from '../common/pod-spec.js';
import { defaultPodSpec } from './pod-spec.js';

export const WORKLOAD_DEFAULTS = {
  replicas: 1,
  revisionHistoryLimit: 10,
  progressDeadlineSeconds: 600,
  maxSurge: '25%',
  maxUnavailable: '25%',
  jobBackoffLimit: 6,
} as const;

function defaultTemplate(template: PodTemplateSpec | undefined): void {
  if (template?.spec) defaultPodSpec(template.spec);
}

export function defaultDeployment(d: Deployment): void {
  const spec = (d.spec ??= {});
  spec.replicas ??= WORKLOAD_DEFAULTS.replicas;
  const strategy = (spec.strategy ??= {});
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxSurge ??= WORKLOAD_DEFAULTS.maxSurge;
    ru.maxUnavailable ??= WORKLOAD_DEFAULTS.maxUnavailable;
  }
  spec.revisionHistoryLimit ??= WORKLOAD_DEFAULTS.revisionHistoryLimit;
  spec.progressDeadlineSeconds ??= WORKLOAD_DEFAULTS.progressDeadlineSeconds;
  defaultTemplate(spec.template);
}

export function defaultReplicaSet(rs: ReplicaSet): void {
  const spec = (rs.spec ??= {});
  spec.replicas ??= WORKLOAD_DEFAULTS.replicas;
  defaultTemplate(spec.template);
}

export function defaultStatefulSet(sts: StatefulSet): void {
  const spec = (sts.spec ??= {});
  spec.replicas ??= WORKLOAD_DEFAULTS.replicas;
  spec.podManagementPolicy ??= 'OrderedReady';
  const strategy = (spec.updateStrategy ??= {});
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    ru.partition ??= 0;
  }
  spec.revisionHistoryLimit ??= WORKLOAD_DEFAULTS.revisionHistoryLimit;
  const retention = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  retention.whenDeleted ??= 'Retain';
  retention.whenScaled ??= 'Retain';
  for (const claim of spec.volumeClaimTemplates ?? []) {
    claim.spec ??= {};
    claim.spec.volumeMode ??= 'Filesystem';
  }
  defaultTemplate(spec.template);
}

export function defaultDaemonSet(ds: DaemonSet): void {
  const spec = (ds.spec ??= {});
  const strategy = (spec.updateStrategy ??= {});
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= 1;
    ru.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= WORKLOAD_DEFAULTS.revisionHistoryLimit;
  defaultTemplate(spec.template);
}

export function defaultJob(job: Job): void {
  const spec = (job.spec ??= {});
  // Neither set: one pod, one completion. Parallelism alone: a work queue (completions unset).
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  spec.parallelism ??= 1;
  spec.backoffLimit ??= WORKLOAD_DEFAULTS.jobBackoffLimit;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= 'TerminatingOrFailed';
  generateJobSelector(job);
  defaultTemplate(spec.template);
}

/**
 * Jobs select their pods by the Job's uid (batch strategy's generateSelector), so the
 * selector and template labels are added here once the apiserver has assigned a uid.
 */
function generateJobSelector(job: Job): void {
  const uid = job.metadata?.uid;
  const spec = job.spec!;
  if (!uid || spec.manualSelector === true) return;
  const name = job.metadata?.name ?? '';
  const labels = {
    'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name,
    'controller-uid': uid, 'job-name': name,
  };
  spec.selector ??= { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  const template = (spec.template ??= {});
  const meta = (template.metadata ??= {});
  meta.labels = { ...(meta.labels ?? {}), ...labels };
}
