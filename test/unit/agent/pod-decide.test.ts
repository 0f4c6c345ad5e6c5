import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decidePodActions } from '../../../src/agent/pod/decide.js';
import type { PodAction } from '../../../src/agent/pod/snapshot.js';
import { T0, aContainerSpec, aPod, aRuntimeContainer, aSnapshot } from './builders.js';

const types = (actions: PodAction[]) => actions.map((a) => a.type);
const starts = (actions: PodAction[]) => actions.flatMap((a) => (a.type === 'start' ? [`${a.containerName}#${a.attempt}`] : []));

void describe('decidePodActions: starting containers', () => {
  void it('pulls and starts attempt 0 of every container of a new pod', () => {
    const pod = aPod({ containers: [aContainerSpec('app'), aContainerSpec('side')] });
    const d = decidePodActions(aSnapshot(pod));
    assert.deepEqual(starts(d.actions), ['app#0', 'side#0']);
    assert.deepEqual(types(d.actions), ['pull', 'start', 'pull', 'start']);
    assert.equal(d.status.phase, 'Pending');
    assert.deepEqual(d.status.containerStatuses[0].state, { waiting: { reason: 'ContainerCreating' } });
    assert.deepEqual(d.events.map((e) => e.reason), ['Pulling', 'Pulling']);
    assert.equal(d.status.startTime, '2026-01-01T00:00:05Z');
    assert.equal(d.status.podIP, undefined);
  });

  void it('reports a running container as Running and Ready with its docker:// id', () => {
    const c = aRuntimeContainer({ id: 'abc' });
    const d = decidePodActions(aSnapshot(aPod(), [c]));
    assert.deepEqual(d.actions, []);
    assert.equal(d.status.phase, 'Running');
    const s = d.status.containerStatuses[0];
    assert.deepEqual(s.state, { running: { startedAt: '2026-01-01T00:00:00Z' } });
    assert.equal(s.containerID, 'docker://abc');
    assert.equal(s.ready, true);
    assert.equal(s.started, true);
    assert.equal(s.imageID, 'sha256:abc');
    assert.deepEqual(d.status.conditions.map((x) => `${x.type}=${x.status}`), ['PodScheduled=True', 'Initialized=True', 'ContainersReady=True', 'Ready=True']);
    assert.equal(d.status.podIP, '10.0.0.5');
    assert.deepEqual(d.status.hostIPs, [{ ip: '10.0.0.5' }]);
    assert.equal(d.status.qosClass, 'BestEffort');
    assert.equal(d.requeueAfterMs, undefined);
  });

  void it('keeps lastTransitionTime while a condition keeps its status, and moves it on a change', () => {
    const first = decidePodActions(aSnapshot(aPod(), []));
    const pending = aPod({ status: first.status });
    const later = decidePodActions(aSnapshot(pending, [aRuntimeContainer()], { now: T0 + 60_000 }));
    const ready = later.status.conditions.find((c) => c.type === 'Ready')!;
    const scheduled = later.status.conditions.find((c) => c.type === 'PodScheduled')!;
    assert.equal(scheduled.lastTransitionTime, '2026-01-01T00:00:05Z');
    assert.equal(ready.lastTransitionTime, '2026-01-01T00:01:00Z');
    assert.equal(later.status.startTime, '2026-01-01T00:00:05Z');
  });

  void it('uses pull policy Always for a :latest image and Never pulls nothing', () => {
    const pod = aPod({ containers: [aContainerSpec('a', { image: 'busybox', imagePullPolicy: undefined }), aContainerSpec('b', { imagePullPolicy: 'Never' })] });
    const d = decidePodActions(aSnapshot(pod));
    const pulls = d.actions.flatMap((a) => (a.type === 'pull' ? [a.policy] : []));
    assert.deepEqual(pulls, ['Always', 'Never']);
    assert.equal(d.events.filter((e) => e.reason === 'Pulling').length, 1);
  });
});

void describe('decidePodActions: init containers', () => {
  const pod = () => aPod({ initContainers: [aContainerSpec('init1'), aContainerSpec('init2')] });
  const init = (name: string, o: Parameters<typeof aRuntimeContainer>[0] = {}) => aRuntimeContainer({ name, kind: 'init', ...o });

  void it('starts only the first init container, and regular ones wait PodInitializing', () => {
    const d = decidePodActions(aSnapshot(pod()));
    assert.deepEqual(starts(d.actions), ['init1#0']);
    assert.equal(d.status.phase, 'Pending');
    assert.deepEqual(d.status.containerStatuses[0].state, { waiting: { reason: 'PodInitializing' } });
    assert.deepEqual(d.status.initContainerStatuses!.map((s) => s.state), [{ waiting: { reason: 'PodInitializing' } }, { waiting: { reason: 'PodInitializing' } }]);
    const initialized = d.status.conditions.find((c) => c.type === 'Initialized')!;
    assert.equal(initialized.status, 'False');
    assert.equal(initialized.message, 'containers with incomplete status: [init1 init2]');
  });

  void it('waits while an init container runs', () => {
    const d = decidePodActions(aSnapshot(pod(), [init('init1')]));
    assert.deepEqual(d.actions, []);
    assert.equal(d.status.phase, 'Pending');
  });

  void it('starts the next init container after one exits 0', () => {
    const d = decidePodActions(aSnapshot(pod(), [init('init1', { state: 'exited', exitCode: 0 })]));
    assert.deepEqual(starts(d.actions), ['init2#0']);
    assert.equal(d.status.initContainerStatuses![0].ready, true);
    assert.equal((d.status.initContainerStatuses![0].state as any).terminated.reason, 'Completed');
  });

  void it('starts regular containers once every init container exited 0', () => {
    const d = decidePodActions(aSnapshot(pod(), [init('init1', { state: 'exited' }), init('init2', { state: 'exited' })]));
    assert.deepEqual(starts(d.actions), ['app#0']);
    assert.equal(d.status.conditions.find((c) => c.type === 'Initialized')!.status, 'True');
  });

  void it('restarts a failed init container under restartPolicy Always', () => {
    const d = decidePodActions(aSnapshot(pod(), [init('init1', { state: 'exited', exitCode: 1 })]));
    assert.deepEqual(starts(d.actions), ['init1#1']);
    assert.equal(d.status.phase, 'Pending');
  });

  void it('fails the pod when an init container fails under restartPolicy Never', () => {
    const p = aPod({ initContainers: [aContainerSpec('init1')], restartPolicy: 'Never' });
    const d = decidePodActions(aSnapshot(p, [init('init1', { state: 'exited', exitCode: 2 })]));
    assert.deepEqual(starts(d.actions), []);
    assert.equal(d.status.phase, 'Failed');
  });

  void it('treats the pod as initialised when regular containers already exist', () => {
    const d = decidePodActions(aSnapshot(pod(), [aRuntimeContainer()]));
    assert.deepEqual(d.actions, []);
    assert.equal(d.status.phase, 'Running');
  });
});

void describe('decidePodActions: restart policy', () => {
  const cases: Array<{ policy: 'Always' | 'OnFailure' | 'Never'; exitCode: number; restarts: boolean; phase: string }> = [
    { policy: 'Always', exitCode: 0, restarts: true, phase: 'Running' },
    { policy: 'Always', exitCode: 1, restarts: true, phase: 'Running' },
    { policy: 'OnFailure', exitCode: 0, restarts: false, phase: 'Succeeded' },
    { policy: 'OnFailure', exitCode: 1, restarts: true, phase: 'Running' },
    { policy: 'Never', exitCode: 0, restarts: false, phase: 'Succeeded' },
    { policy: 'Never', exitCode: 1, restarts: false, phase: 'Failed' },
  ];
  for (const c of cases) {
    void it(`${c.policy} with exit ${c.exitCode} → ${c.restarts ? 'restart' : 'no restart'}, phase ${c.phase}`, () => {
      const d = decidePodActions(aSnapshot(aPod({ restartPolicy: c.policy }), [aRuntimeContainer({ state: 'exited', exitCode: c.exitCode })]));
      assert.deepEqual(starts(d.actions), c.restarts ? ['app#1'] : []);
      assert.equal(d.status.phase, c.phase);
    });
  }

  void it('never restarts anything in a pod whose phase is already terminal', () => {
    const pod = aPod({ restartPolicy: 'Always', status: { phase: 'Succeeded' } });
    const d = decidePodActions(aSnapshot(pod, [aRuntimeContainer({ state: 'exited' })]));
    assert.deepEqual(starts(d.actions), []);
    assert.equal(d.status.phase, 'Succeeded');
    assert.equal(d.status.conditions.find((x) => x.type === 'Ready')!.reason, 'PodCompleted');
  });

  void it('reports Completed, Error and OOMKilled terminations', () => {
    const pod = aPod({ restartPolicy: 'Never', containers: [aContainerSpec('a'), aContainerSpec('b'), aContainerSpec('c')] });
    const d = decidePodActions(aSnapshot(pod, [
      aRuntimeContainer({ name: 'a', state: 'exited', exitCode: 0 }),
      aRuntimeContainer({ name: 'b', state: 'exited', exitCode: 3 }),
      aRuntimeContainer({ name: 'c', state: 'exited', exitCode: 137, oomKilled: true }),
    ]));
    assert.deepEqual(d.status.containerStatuses.map((s) => (s.state as any).terminated.reason), ['Completed', 'Error', 'OOMKilled']);
    assert.deepEqual((d.status.containerStatuses[1].state as any).terminated.finishedAt, '2026-01-01T00:00:01Z');
  });
});

void describe('decidePodActions: CrashLoopBackOff', () => {
  const crashed = (o: Parameters<typeof aRuntimeContainer>[0]) => aRuntimeContainer({ state: 'exited', exitCode: 1, ...o });
  const startOf = (actions: PodAction[]) => actions.find((a) => a.type === 'start') as Extract<PodAction, { type: 'start' }> | undefined;

  void it('restarts the first crash immediately and arms a 10 s back-off on the next attempt', () => {
    const d = decidePodActions(aSnapshot(aPod(), [crashed({ attempt: 0, backoffMs: 0 })]));
    assert.equal(startOf(d.actions)?.attempt, 1);
    assert.equal(startOf(d.actions)?.restartBackoffMs, 10_000);
    assert.equal(d.status.containerStatuses[0].restartCount, 0);
    assert.equal((d.status.containerStatuses[0].lastState as any).terminated.exitCode, 1);
  });

  void it('waits out the carried back-off with a CrashLoopBackOff status, BackOff event and requeue', () => {
    const c = crashed({ attempt: 1, backoffMs: 10_000, startedAt: T0, finishedAt: T0 + 1_000 });
    const d = decidePodActions(aSnapshot(aPod(), [c], { now: T0 + 4_000 }));
    assert.equal(startOf(d.actions), undefined);
    const s = d.status.containerStatuses[0];
    assert.equal((s.state as any).waiting.reason, 'CrashLoopBackOff');
    assert.equal((s.state as any).waiting.message, 'back-off 10s restarting failed container=app pod=web_default(uid-1)');
    assert.equal((s.lastState as any).terminated.exitCode, 1);
    assert.equal(s.restartCount, 1);
    assert.equal(d.requeueAfterMs, 7_000);
    assert.deepEqual(d.events.map((e) => [e.type, e.reason, e.message]), [['Warning', 'BackOff', 'Back-off restarting failed container app in pod web_default(uid-1)']]);
    assert.equal(d.status.phase, 'Running');
  });

  void it('restarts after the back-off and doubles it for the next attempt', () => {
    const c = crashed({ attempt: 1, backoffMs: 10_000, startedAt: T0, finishedAt: T0 + 1_000 });
    const d = decidePodActions(aSnapshot(aPod(), [c], { now: T0 + 11_000 }));
    assert.equal(startOf(d.actions)?.attempt, 2);
    assert.equal(startOf(d.actions)?.restartBackoffMs, 20_000);
  });

  void it('caps the back-off at 300 s', () => {
    const c = crashed({ attempt: 9, backoffMs: 300_000, startedAt: T0, finishedAt: T0 + 1_000 });
    const waiting = decidePodActions(aSnapshot(aPod(), [c], { now: T0 + 200_000 }));
    assert.match((waiting.status.containerStatuses[0].state as any).waiting.message, /back-off 5m0s/);
    const d = decidePodActions(aSnapshot(aPod(), [c], { now: T0 + 301_000 }));
    assert.equal(startOf(d.actions)?.restartBackoffMs, 300_000);
  });

  void it('resets the back-off after 10 minutes of clean running', () => {
    const c = crashed({ attempt: 5, backoffMs: 160_000, startedAt: T0, finishedAt: T0 + 600_000 });
    const d = decidePodActions(aSnapshot(aPod(), [c], { now: T0 + 600_001 }));
    assert.equal(startOf(d.actions)?.attempt, 6);
    assert.equal(startOf(d.actions)?.restartBackoffMs, 10_000);
  });

  void it('honours the per-pod cap annotation tugboat.io/max-restart-backoff-seconds', () => {
    const pod = aPod({ annotations: { 'tugboat.io/max-restart-backoff-seconds': '15' } });
    const c = crashed({ attempt: 3, backoffMs: 40_000, startedAt: T0, finishedAt: T0 + 1_000 });
    assert.equal(decidePodActions(aSnapshot(pod, [c], { now: T0 + 15_000 })).requeueAfterMs, 1_000);
    const d = decidePodActions(aSnapshot(pod, [c], { now: T0 + 16_000 }));
    assert.equal(startOf(d.actions)?.restartBackoffMs, 15_000);
  });

  void it('asks for the crashed container\'s last log lines once, then shows them', () => {
    const c = crashed({ id: 'dead', attempt: 1, backoffMs: 10_000, finishedAt: T0 + 1_000 });
    const first = decidePodActions(aSnapshot(aPod(), [c]));
    assert.deepEqual(first.actions, [{ type: 'captureLogs', containerId: 'dead', containerName: 'app', tailLines: 80, maxBytes: 4096 }]);
    const memory = { pulls: {}, creates: {}, terminationMessages: { dead: 'panic: boom\n' } };
    const second = decidePodActions(aSnapshot(aPod(), [c], { memory }));
    assert.deepEqual(second.actions, []);
    assert.equal((second.status.containerStatuses[0].lastState as any).terminated.message, 'panic: boom\n');
  });

  void it('does not capture logs of a container that exited 0', () => {
    const d = decidePodActions(aSnapshot(aPod({ restartPolicy: 'Never' }), [aRuntimeContainer({ state: 'exited', exitCode: 0 })]));
    assert.deepEqual(d.actions, []);
  });
});

void describe('decidePodActions: probes', () => {
  const probe = { httpGet: { port: 80, path: '/healthz' }, failureThreshold: 3 };
  const state = (containerId: string, status: 'unknown' | 'success' | 'failure', lastMessage = 'HTTP probe failed with statuscode: 500') =>
    ({ containerId, status, consecutiveSuccesses: 0, consecutiveFailures: status === 'failure' ? 3 : 0, lastMessage });

  void it('kills a container whose liveness probe failed, with Unhealthy then Killing events', () => {
    const pod = aPod({ containers: [aContainerSpec('app', { livenessProbe: probe, lifecycle: { preStop: { sleep: { seconds: 2 } } } })] });
    pod.spec.terminationGracePeriodSeconds = 12;
    const c = aRuntimeContainer({ id: 'live' });
    const d = decidePodActions(aSnapshot(pod, [c], { probes: { app: { liveness: state('live', 'failure') } } }));
    assert.deepEqual(d.actions, [{ type: 'kill', containerId: 'live', containerName: 'app', reason: 'LivenessFailed', graceSeconds: 12, preStop: { sleep: { seconds: 2 } } }]);
    assert.deepEqual(d.events.map((e) => `${e.reason}: ${e.message}`), [
      'Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 500',
      'Killing: Container app failed liveness probe, will be restarted',
    ]);
    assert.equal(d.status.containerStatuses[0].ready, false);
  });

  void it('ignores a probe state measured on another attempt', () => {
    const pod = aPod({ containers: [aContainerSpec('app', { livenessProbe: probe })] });
    const d = decidePodActions(aSnapshot(pod, [aRuntimeContainer({ id: 'new' })], { probes: { app: { liveness: state('old', 'failure') } } }));
    assert.deepEqual(d.actions, []);
  });

  void it('marks a container failing readiness not ready, without restarting it', () => {
    const pod = aPod({ containers: [aContainerSpec('app', { readinessProbe: probe })] });
    const d = decidePodActions(aSnapshot(pod, [aRuntimeContainer({ id: 'r' })], { probes: { app: { readiness: state('r', 'failure') } } }));
    assert.deepEqual(d.actions, []);
    assert.equal(d.status.containerStatuses[0].ready, false);
    const ready = d.status.conditions.find((c) => c.type === 'Ready')!;
    assert.deepEqual([ready.status, ready.reason, ready.message], ['False', 'ContainersNotReady', 'containers with unready status: [app]']);
    assert.deepEqual(d.events.map((e) => e.reason), ['Unhealthy']);
    assert.equal(d.status.phase, 'Running');
  });

  void it('is not ready before the first readiness success', () => {
    const pod = aPod({ containers: [aContainerSpec('app', { readinessProbe: probe })] });
    const d = decidePodActions(aSnapshot(pod, [aRuntimeContainer()]));
    assert.equal(d.status.containerStatuses[0].ready, false);
  });

  void it('gates liveness and readiness on the startup probe', () => {
    const pod = aPod({ containers: [aContainerSpec('app', { startupProbe: probe, livenessProbe: probe })] });
    const d = decidePodActions(aSnapshot(pod, [aRuntimeContainer({ id: 's' })], { probes: { app: { startup: state('s', 'unknown'), liveness: state('s', 'failure') } } }));
    assert.deepEqual(d.actions, []);
    assert.equal(d.status.containerStatuses[0].started, false);
    assert.equal(d.status.containerStatuses[0].ready, false);
    const ok = decidePodActions(aSnapshot(pod, [aRuntimeContainer({ id: 's' })], { probes: { app: { startup: state('s', 'success') } } }));
    assert.equal(ok.status.containerStatuses[0].started, true);
    assert.equal(ok.status.containerStatuses[0].ready, true);
  });

  void it('kills a container whose startup probe failed', () => {
    const pod = aPod({ containers: [aContainerSpec('app', { startupProbe: probe })] });
    const d = decidePodActions(aSnapshot(pod, [aRuntimeContainer({ id: 's' })], { probes: { app: { startup: state('s', 'failure') } } }));
    assert.deepEqual(d.actions.map((a) => a.type === 'kill' && a.reason), ['StartupFailed']);
  });
});

void describe('decidePodActions: image change', () => {
  const newImage = () => aPod({ restartPolicy: 'Never', containers: [aContainerSpec('app', { image: 'nginx:1.28' })] });

  void it('kills a running container whose image in the pod spec changed', () => {
    const d = decidePodActions(aSnapshot(newImage(), [aRuntimeContainer({ id: 'old' })]));
    assert.deepEqual(d.actions.map((a) => a.type === 'kill' && `${a.containerId}:${a.reason}`), ['old:SpecChanged']);
    assert.deepEqual(d.events.map((e) => e.message), ['Container app definition changed, will be restarted']);
  });

  void it('starts the new image at once after the kill, even under restartPolicy Never', () => {
    const d = decidePodActions(aSnapshot(newImage(), [aRuntimeContainer({ id: 'old', state: 'exited', exitCode: 143 })]));
    assert.deepEqual(starts(d.actions), ['app#1']);
    assert.equal(d.status.phase, 'Running');
  });
});

void describe('decidePodActions: deletion', () => {
  const deleting = (o: Parameters<typeof aPod>[0] = {}) => aPod({ deletionTimestamp: '2026-01-01T00:00:04Z', grace: 7, ...o });

  void it('kills every live container with the deletion grace and runs preStop first', () => {
    const pod = deleting({ containers: [aContainerSpec('app', { lifecycle: { preStop: { exec: { command: ['drain'] } } } }), aContainerSpec('side')] });
    const d = decidePodActions(aSnapshot(pod, [aRuntimeContainer({ id: 'a' }), aRuntimeContainer({ id: 'b', name: 'side' }), aRuntimeContainer({ id: 'gone', name: 'side', attempt: 0, state: 'exited' })]));
    assert.deepEqual(d.actions, [
      { type: 'kill', containerId: 'a', containerName: 'app', graceSeconds: 7, reason: 'PodDeleted', preStop: { exec: { command: ['drain'] } } },
      { type: 'kill', containerId: 'b', containerName: 'side', graceSeconds: 7, reason: 'PodDeleted' },
    ]);
    assert.deepEqual(d.events.map((e) => `${e.reason}: ${e.message}`), ['Killing: Stopping container app', 'Killing: Stopping container side']);
  });

  void it('removes the dead containers and finalises once none is alive', () => {
    const d = decidePodActions(aSnapshot(deleting(), [aRuntimeContainer({ id: 'a', state: 'exited', exitCode: 143 })]));
    assert.deepEqual(d.actions, [{ type: 'remove', containerId: 'a', containerName: 'app' }, { type: 'finalizeDeletion' }]);
  });

  void it('removes a never-started (created) container of a deleting pod without trying to stop it', () => {
    const d = decidePodActions(aSnapshot(deleting(), [aRuntimeContainer({ id: 'half', state: 'created' })]));
    assert.deepEqual(d.actions, [{ type: 'remove', containerId: 'half', containerName: 'app' }, { type: 'finalizeDeletion' }]);
  });

  void it('finalises at once a deleting pod that never had containers, and starts nothing', () => {
    const d = decidePodActions(aSnapshot(deleting()));
    assert.deepEqual(d.actions, [{ type: 'finalizeDeletion' }]);
  });
});

void describe('decidePodActions: image pulls and create errors', () => {
  const pull = (failures: number, at: number) => ({ pulls: { app: { failures, lastFailureAt: at, reason: 'ErrImagePull' as const, message: 'pull access denied' } }, creates: {}, terminationMessages: {} });

  void it('shows ErrImagePull right after a failed pull', () => {
    const d = decidePodActions(aSnapshot(aPod(), [], { memory: pull(1, T0 + 4_500) }));
    assert.deepEqual(d.actions, []);
    assert.deepEqual(d.status.containerStatuses[0].state, { waiting: { reason: 'ErrImagePull', message: 'pull access denied' } });
    assert.equal(d.requeueAfterMs, 1_500);
  });

  void it('then ImagePullBackOff with a BackOff event until the retry time', () => {
    const d = decidePodActions(aSnapshot(aPod(), [], { memory: pull(2, T0), now: T0 + 10_000 }));
    assert.equal((d.status.containerStatuses[0].state as any).waiting.reason, 'ImagePullBackOff');
    assert.deepEqual(d.events.map((e) => e.reason), ['BackOff']);
    assert.equal(d.requeueAfterMs, 10_000); // 2nd failure → 20 s
  });

  void it('pulls again once the pull back-off has passed', () => {
    const d = decidePodActions(aSnapshot(aPod(), [], { memory: pull(1, T0), now: T0 + 10_000 }));
    assert.deepEqual(types(d.actions), ['pull', 'start']);
  });

  void it('reports CreateContainerConfigError for a container whose config cannot be resolved', () => {
    const d = decidePodActions(aSnapshot(aPod(), [], { configErrors: { app: 'configmap "cfg" not found' } }));
    assert.deepEqual(d.actions, []);
    assert.deepEqual(d.status.containerStatuses[0].state, { waiting: { reason: 'CreateContainerConfigError', message: 'configmap "cfg" not found' } });
    assert.deepEqual(d.events.map((e) => [e.type, e.reason]), [['Warning', 'Failed']]);
  });

  void it('reports CreateContainerError and retries after 10 s', () => {
    const memory = { pulls: {}, creates: { app: { at: T0, reason: 'CreateContainerError' as const, message: 'name in use' } }, terminationMessages: {} };
    const d = decidePodActions(aSnapshot(aPod(), [], { memory, now: T0 + 1_000 }));
    assert.deepEqual(d.status.containerStatuses[0].state, { waiting: { reason: 'CreateContainerError', message: 'name in use' } });
    assert.equal(d.requeueAfterMs, 9_000);
    assert.deepEqual(types(decidePodActions(aSnapshot(aPod(), [], { memory, now: T0 + 10_000 })).actions), ['pull', 'start']);
  });
});

void describe('decidePodActions: stray containers', () => {
  void it('kills and removes a container that is not in the spec', () => {
    const d = decidePodActions(aSnapshot(aPod(), [aRuntimeContainer({ id: 'a' }), aRuntimeContainer({ id: 'x', name: 'old' })]));
    assert.deepEqual(d.actions, [
      { type: 'kill', containerId: 'x', containerName: 'old', graceSeconds: 30, reason: 'NotInSpec' },
      { type: 'remove', containerId: 'x', containerName: 'old' },
    ]);
  });

  void it('keeps only the newest live attempt when two are running', () => {
    const d = decidePodActions(aSnapshot(aPod(), [aRuntimeContainer({ id: 'a0', attempt: 0 }), aRuntimeContainer({ id: 'a1', attempt: 1 })]));
    assert.deepEqual(d.actions.map((a) => `${a.type}:${'containerId' in a ? a.containerId : ''}`), ['kill:a0', 'remove:a0']);
    assert.equal(d.status.containerStatuses[0].containerID, 'docker://a1');
  });

  void it('removes dead attempts older than the previous one, keeping lastState', () => {
    const d = decidePodActions(aSnapshot(aPod(), [
      aRuntimeContainer({ id: 'a0', attempt: 0, state: 'exited' }), aRuntimeContainer({ id: 'a1', attempt: 1, state: 'exited' }), aRuntimeContainer({ id: 'a2', attempt: 2 }),
    ]));
    assert.deepEqual(d.actions, [{ type: 'remove', containerId: 'a0', containerName: 'app' }]);
    assert.equal((d.status.containerStatuses[0].lastState as any).terminated.containerID, 'docker://a1');
    assert.equal(d.status.containerStatuses[0].restartCount, 2);
  });

  void it('removes a container an interrupted start left in state created, and starts that attempt again', () => {
    const d = decidePodActions(aSnapshot(aPod(), [aRuntimeContainer({ id: 'half', state: 'created' })]));
    assert.deepEqual(d.actions.map((a) => a.type), ['remove', 'pull', 'start']);
    assert.deepEqual(starts(d.actions), ['app#0']);
  });

  void it('ignores containers labelled for another pod', () => {
    const d = decidePodActions(aSnapshot(aPod(), [aRuntimeContainer({ podUid: 'other' })]));
    assert.deepEqual(starts(d.actions), ['app#0']);
  });
});
