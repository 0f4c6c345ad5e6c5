/**
 * Job controller shell: watches Jobs and Pods, and for each Job key applies reconcileJob()'s
 * decision through the API (create pods, delete pods, write status, delete the Job past
 * its TTL). Expectations stop a lagging pod cache from causing duplicate pods.
 */
import { resourceByKind } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { byNamespace, isConflict, isNotFound, type Informer } from '../../client/index.js';
import { Expectations } from '../runtime/expectations.js';
import { ownedPodHandlers } from '../runtime/owned-pods.js';
import { isNamespaceTerminating, keyOf, queueController, splitKey, type Controller, type ControllerContext } from '../runtime/controller.js';
import { jobPodFor } from './pod-template.js';
import { reconcileJob, type JobDecision } from './reconcile.js';

const JOBS = resourceByKind('batch/v1', 'Job')!;
const PODS = resourceByKind('v1', 'Pod')!;

export function createJobController(ctx: ControllerContext, workers = 2): Controller {
  const jobs: Informer = ctx.informers.informerFor(JOBS);
  const pods: Informer = ctx.informers.informerFor(PODS);
  if (!pods.cache.hasIndexer('namespace')) pods.addIndexer('namespace', byNamespace);
  const expectations = new Expectations(ctx.clock);
  const log = ctx.logger.child({ controller: 'job' });

  const sync = async (key: string) => {
    const { namespace, name } = splitKey(key);
    const job = jobs.cache.get(key);
    if (!job || job.metadata.deletionTimestamp) {
      if (!job) expectations.forget(key);
      return;
    }
    const decision = reconcileJob({ job, pods: pods.cache.byIndex('namespace', namespace), nowMs: ctx.clock.now(), expectationsSatisfied: expectations.satisfied(key) });
    if (decision.deleteJob) {
      log.info({ namespace, name }, 'ttlSecondsAfterFinished passed; deleting job');
      await ctx.client.delete(JOBS, namespace, name, { propagationPolicy: 'Background', preconditions: { uid: job.metadata.uid } }).catch((err) => {
        if (!isNotFound(err) && !isConflict(err)) throw err;
      });
      return;
    }
    await apply(job, decision, key);
    if (decision.status) {
      try {
        await ctx.client.patch(JOBS, namespace, name, { type: 'merge', body: { status: decision.status } }, { subresource: 'status' });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    for (const e of decision.events) ctx.events.record(job, { type: e.type, reason: e.reason, message: e.message });
    return decision.requeueAfterMs !== undefined ? { requeueAfterMs: Math.max(0, decision.requeueAfterMs) } : undefined;
  };

  const apply = async (job: KubeObject, decision: JobDecision, key: string) => {
    if (decision.createCount === 0 && decision.remove.length === 0) return;
    expectations.expect(key, decision.createCount, decision.remove.length);
    const created = await Promise.allSettled(Array.from({ length: decision.createCount }, (_, i) =>
      ctx.client.create(PODS, jobPodFor(job, decision.createIndexes?.[i]))));
    for (const r of created) if (r.status === 'fulfilled') ctx.events.record(job, { type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${r.value.metadata.name}` });
    const failed = created.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length > 0) expectations.lowerAdds(key, failed.length);
    const failures = failed.filter((r) => !isNamespaceTerminating(r.reason));
    if (failures.length > 0) {
      ctx.events.record(job, { type: 'Warning', reason: 'FailedCreate', message: `Error creating: ${failures[0].reason instanceof Error ? failures[0].reason.message : String(failures[0].reason)}` });
    }
    await Promise.all(decision.remove.map(async (pod) => {
      try {
        await ctx.client.delete(PODS, job.metadata.namespace, pod.metadata.name!, { preconditions: { uid: pod.metadata.uid } });
        ctx.events.record(job, { type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}` });
      } catch (err) {
        expectations.observedDelete(key);
        if (!isNotFound(err) && !isConflict(err)) throw err;
      }
    }));
    if (failures.length > 0) throw failures[0].reason;
  };

  const controller = queueController(ctx, 'job', workers, sync);
  jobs.addEventHandler({
    onAdd: (job) => controller.queue.add(keyOf(job)),
    onUpdate: (_old, job) => controller.queue.add(keyOf(job)),
    onDelete: (job) => controller.queue.add(keyOf(job)),
  });
  pods.addEventHandler(ownedPodHandlers({ ownerKind: 'Job', expectations, enqueue: (key) => controller.queue.add(key) }));
  return { name: 'job', run: controller.run };
}

