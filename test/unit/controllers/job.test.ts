import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resourceByKind } from '../../../src/api/resources.js';
import type { KubeObject } from '../../../src/api/types.js';
import { createJobController, formatIndexes, jobPodFor, parseIndexes, reconcileJob } from '../../../src/controllers/job/index.js';
import { aPod } from './builders.js';
import { eventually, runController, T0 } from './gc-and-workload-builders.js';

const JOBS = resourceByKind('batch/v1', 'Job')!;
const PODS = resourceByKind('v1', 'Pod')!;
const NOW = T0 + 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

function aJob(spec: Record<string, unknown> = {}, status?: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: 'job-uid', generation: 1, resourceVersion: '1' },
    spec: { template: { metadata: { labels: { app: 'pi' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'perl' }] } }, ...spec },
    ...(status ? { status } : {}),
  };
}

const podsOf = (job: KubeObject, ...phases: string[]) => phases.map((phase) => aPod({ owner: job, phase, ready: phase === 'Running' }));
const decide = (job: KubeObject, pods: KubeObject[] = [], extra: { nowMs?: number; expectationsSatisfied?: boolean } = {}) =>
  reconcileJob({ job, pods, nowMs: extra.nowMs ?? NOW, expectationsSatisfied: extra.expectationsSatisfied ?? true });
const conditionTypes = (d: ReturnType<typeof decide>) => (d.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => `${c.type}/${c.reason}`);

describe('Job reconcile: how many pods run', () => {
  const cases: Array<{ name: string; spec: Record<string, unknown>; phases: string[]; create: number; remove: number; active: number }> = [
    { name: 'starts one pod by default', spec: {}, phases: [], create: 1, remove: 0, active: 1 },
    { name: 'runs up to parallelism pods', spec: { completions: 5, parallelism: 2 }, phases: [], create: 2, remove: 0, active: 2 },
    { name: 'never runs more pods than completions left', spec: { completions: 5, parallelism: 3 }, phases: ['Succeeded', 'Succeeded', 'Succeeded', 'Running'], create: 1, remove: 0, active: 2 },
    { name: 'replaces a failed pod under the backoff limit', spec: { backoffLimit: 2 }, phases: ['Failed'], create: 1, remove: 0, active: 1 },
    { name: 'removes pods beyond a lowered parallelism', spec: { completions: 4, parallelism: 1 }, phases: ['Running', 'Running'], create: 0, remove: 1, active: 1 },
    { name: 'work queue: runs parallelism pods while none succeeded', spec: { parallelism: 3 }, phases: ['Running'], create: 2, remove: 0, active: 3 },
    { name: 'work queue: starts nothing new once one pod succeeded', spec: { parallelism: 3 }, phases: ['Succeeded', 'Running'], create: 0, remove: 0, active: 1 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const job = aJob(c.spec);
      const d = decide(job, podsOf(job, ...c.phases));
      assert.equal(d.createCount, c.create);
      assert.equal(d.remove.length, c.remove);
      assert.equal(d.status?.active, c.active);
      assert.deepEqual(conditionTypes(d), []);
    });
  }

  it('waits 10 s after a failure before a replacement, doubling per failure', () => {
    const job = aJob({ backoffLimit: 6 });
    const failedAt = (ms: number) => {
      const pod = aPod({ owner: job, phase: 'Failed', ready: false });
      pod.status.containerStatuses = [{ name: 'c', restartCount: 0, state: { terminated: { exitCode: 1, finishedAt: iso(ms) } } }];
      return pod;
    };
    const once = decide(job, [failedAt(NOW - 4000)]);
    assert.deepEqual([once.createCount, once.requeueAfterMs], [0, 6000]);
    const twice = decide(job, [failedAt(NOW - 60_000), failedAt(NOW - 15_000)]);
    assert.deepEqual([twice.createCount, twice.requeueAfterMs], [0, 5000]);
    assert.equal(decide(job, [failedAt(NOW - 60_000), failedAt(NOW - 20_000)]).createCount, 1);
  });

  it('creates nothing while earlier creates are unobserved', () => {
    assert.equal(decide(aJob(), [], { expectationsSatisfied: false }).createCount, 0);
  });
});

describe('Job reconcile: how a Job ends', () => {
  it('completes when completions pods succeeded, with completionTime and an event', () => {
    const job = aJob({ completions: 2, parallelism: 2 }, { startTime: iso(T0) });
    const d = decide(job, podsOf(job, 'Succeeded', 'Succeeded'));
    assert.deepEqual(conditionTypes(d), ['Complete/CompletionsReached']);
    assert.equal(d.status?.completionTime, iso(NOW));
    assert.equal(d.status?.succeeded, 2);
    assert.equal(d.createCount, 0);
    assert.deepEqual(d.events.map((e) => e.reason), ['Completed']);
  });

  it('work queue: completes once a pod succeeded and none run', () => {
    const job = aJob({ parallelism: 2 });
    assert.deepEqual(conditionTypes(decide(job, podsOf(job, 'Succeeded', 'Running'))), []);
    assert.deepEqual(conditionTypes(decide(job, podsOf(job, 'Succeeded', 'Failed'))), ['Complete/CompletionsReached']);
  });

  it('fails past the backoff limit and deletes the running pods', () => {
    const job = aJob({ backoffLimit: 1, completions: 3, parallelism: 2 });
    const pods = podsOf(job, 'Failed', 'Failed', 'Running');
    const d = decide(job, pods);
    assert.deepEqual(conditionTypes(d), ['Failed/BackoffLimitExceeded']);
    assert.deepEqual(d.remove, [pods[2]]);
    assert.equal(d.status?.failed, 2);
    assert.equal(d.status?.completionTime, undefined);
  });

  it('counts container restarts as failures with restartPolicy OnFailure', () => {
    const job = aJob({ backoffLimit: 2 });
    job.spec.template.spec.restartPolicy = 'OnFailure';
    assert.deepEqual(conditionTypes(decide(job, [aPod({ owner: job, restarts: 3 })])), ['Failed/BackoffLimitExceeded']);
    assert.deepEqual(conditionTypes(decide(job, [aPod({ owner: job, restarts: 2 })])), []);
  });

  it('fails at activeDeadlineSeconds and asks to come back at the deadline before', () => {
    const job = aJob({ activeDeadlineSeconds: 100 }, { startTime: iso(T0), active: 1 });
    const pods = podsOf(job, 'Running');
    const before = decide(job, pods, { nowMs: T0 + 40_000 });
    assert.deepEqual(conditionTypes(before), []);
    assert.equal(before.requeueAfterMs, 60_000);
    const after = decide(job, pods, { nowMs: T0 + 100_000 });
    assert.deepEqual(conditionTypes(after), ['Failed/DeadlineExceeded']);
    assert.deepEqual(after.remove, pods);
  });

  it('never counts fewer finished pods than status already did', () => {
    const job = aJob({ completions: 3 }, { succeeded: 2, startTime: iso(T0) });
    const d = decide(job, []);
    assert.equal(d.status?.succeeded, 2);
    assert.equal(d.createCount, 1);
  });

  it('a finished Job does nothing until its TTL passes, then is deleted', () => {
    const done = iso(T0);
    const job = aJob({ ttlSecondsAfterFinished: 100 }, { completionTime: done, conditions: [{ type: 'Complete', status: 'True', lastProbeTime: done, lastTransitionTime: done }] });
    const early = decide(job, [], { nowMs: T0 + 30_000 });
    assert.deepEqual([early.createCount, early.status, early.deleteJob, early.requeueAfterMs], [0, undefined, false, 70_000]);
    assert.equal(decide(job, [], { nowMs: T0 + 100_000 }).deleteJob, true);
  });
});

describe('Job reconcile: suspend', () => {
  it('a suspended Job deletes its pods, stops its clock and says so', () => {
    const job = aJob({ suspend: true }, { startTime: iso(T0), active: 1 });
    const pods = podsOf(job, 'Running');
    const d = decide(job, pods);
    assert.deepEqual(d.remove, pods);
    assert.equal(d.createCount, 0);
    assert.equal(d.status?.startTime, null);
    assert.deepEqual(conditionTypes(d), ['Suspended/JobSuspended']);
  });

  it('a resumed Job restarts its clock and runs pods again', () => {
    const job = aJob({ suspend: false }, { conditions: [{ type: 'Suspended', status: 'True', reason: 'JobSuspended', lastProbeTime: iso(T0), lastTransitionTime: iso(T0) }] });
    const d = decide(job);
    assert.equal(d.createCount, 1);
    assert.equal(d.status?.startTime, iso(NOW));
    assert.equal(d.status?.conditions.find((c) => c.type === 'Suspended')?.status, 'False');
    assert.deepEqual(d.events.map((e) => e.reason), ['Resumed']);
  });
});

describe('Job reconcile: Indexed completion mode', () => {
  const indexedPod = (job: KubeObject, index: number, phase: string) => {
    const pod = aPod({ owner: job, phase });
    pod.metadata.annotations = { 'batch.kubernetes.io/job-completion-index': String(index) };
    return pod;
  };

  it('formats and parses completed indexes as Kubernetes does', () => {
    assert.equal(formatIndexes([5, 0, 1, 2, 7, 8]), '0-2,5,7-8');
    assert.deepEqual([...parseIndexes('0-2,5')], [0, 1, 2, 5]);
    assert.equal(formatIndexes([]), '');
  });

  it('creates pods for the lowest indexes neither done nor running, up to parallelism', () => {
    const job = aJob({ completionMode: 'Indexed', completions: 5, parallelism: 2 });
    const d = decide(job, [indexedPod(job, 0, 'Succeeded'), indexedPod(job, 2, 'Running')]);
    assert.deepEqual(d.createIndexes, [1]);
    assert.equal(d.status?.completedIndexes, '0');
    assert.equal(d.status?.succeeded, 1);
  });

  it('removes a second pod for an index that already runs or is done', () => {
    const job = aJob({ completionMode: 'Indexed', completions: 3, parallelism: 3 });
    const twin = indexedPod(job, 1, 'Running');
    const late = indexedPod(job, 0, 'Running');
    const d = decide(job, [indexedPod(job, 0, 'Succeeded'), indexedPod(job, 1, 'Running'), twin, late]);
    assert.deepEqual(new Set(d.remove), new Set([twin, late]));
    assert.deepEqual(d.createIndexes, [2]);
  });

  it('completes when every index has succeeded', () => {
    const job = aJob({ completionMode: 'Indexed', completions: 2, parallelism: 2 });
    const d = decide(job, [indexedPod(job, 1, 'Succeeded'), indexedPod(job, 0, 'Succeeded'), indexedPod(job, 0, 'Succeeded')]);
    assert.deepEqual(conditionTypes(d), ['Complete/CompletionsReached']);
    assert.equal(d.status?.succeeded, 2);
    assert.equal(d.status?.completedIndexes, '0-1');
  });

  it('gives each pod its index as annotation, label, env and hostname', () => {
    const pod = jobPodFor(aJob({ completionMode: 'Indexed', completions: 3 }), 2);
    assert.equal(pod.metadata.annotations?.['batch.kubernetes.io/job-completion-index'], '2');
    assert.equal(pod.metadata.labels?.['batch.kubernetes.io/job-completion-index'], '2');
    assert.deepEqual(pod.spec.containers[0].env, [{ name: 'JOB_COMPLETION_INDEX', value: '2' }]);
    assert.equal(pod.spec.hostname, 'pi-2');
  });
});

describe('Job pods', () => {
  it('carry the job labels, a controller reference and a restart policy', () => {
    const pod = jobPodFor(aJob());
    assert.deepEqual(pod.metadata.labels, {
      app: 'pi', 'job-name': 'pi', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': 'job-uid', 'batch.kubernetes.io/controller-uid': 'job-uid',
    });
    assert.deepEqual(pod.metadata.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'job-uid', controller: true, blockOwnerDeletion: true }]);
    assert.equal(pod.spec.restartPolicy, 'Never');
  });
});

describe('Job controller shell', () => {
  it('runs pods to the wanted completions and reports Complete', async (t) => {
    const h = await runController(t, [aJob({ completions: 3, parallelism: 2 })], (ctx) => createJobController(ctx));
    const running = async () => (await h.client.list(PODS, { namespace: 'default' })).items.filter((p) => p.status?.phase !== 'Succeeded');
    const succeedAll = async () => {
      for (const p of await running()) {
        await h.client.patch(PODS, 'default', p.metadata.name!, { type: 'merge', body: { status: { phase: 'Succeeded' } } }, { subresource: 'status' });
      }
    };
    await eventually(async () => (await running()).length === 2, 'two pods running');
    await succeedAll();
    await eventually(async () => (await running()).length === 1, 'the third pod');
    await succeedAll();
    await eventually(() => h.client.peek(JOBS, 'default', 'pi')?.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Complete' && c.status === 'True'), 'Complete');
    const job = h.client.peek(JOBS, 'default', 'pi')!;
    assert.equal(job.status.succeeded, 3);
    assert.equal(job.status.active, 0);
    assert.equal((await h.client.list(PODS, { namespace: 'default' })).items.length, 3, 'never more pods than completions');
    assert.ok(h.events.some((e) => e.reason === 'Completed'));
  });
});
