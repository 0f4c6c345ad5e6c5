import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeClock } from '../../../src/client/clock.js';
import { createFakeClient, type FakeClient } from '../../../src/client/fake.js';
import { createHollowRuntime } from '../../../src/agent/runtime/hollow/hollow-runtime.js';
import type { Runtime } from '../../../src/agent/runtime/runtime.js';
import { startAgent, type Agent } from '../../../src/agent/agent.js';
import { PODS } from '../../../src/agent/actions.js';
import { LEASES, NODES } from '../../../src/agent/heartbeat.js';
import { EVENTS } from '../../../src/agent/events.js';
import { containerLabels, podSelector } from '../../../src/agent/container-labels.js';
import type { Pod } from '../../../src/agent/pod/pod-types.js';
import { T0, aContainerSpec, aPod, eventually } from './builders.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'tug-agent-test-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

interface Harness { clock: FakeClock; client: FakeClient; runtime: Runtime; agent: Agent; stop(): Promise<void> }

async function harness(t: { after(fn: () => Promise<void> | void): void }, objects: Pod[] = [], given?: { runtime?: Runtime; client?: FakeClient; clock?: FakeClock }): Promise<Harness> {
  const clock = given?.clock ?? new FakeClock(T0);
  const client = given?.client ?? createFakeClient(objects, { clock });
  const runtime = given?.runtime ?? createHollowRuntime({ now: () => clock.now() });
  const abort = new AbortController();
  const agent = startAgent({ client, runtime, nodeName: 'n1', address: '127.0.0.1', dataDir, clock, signal: abort.signal, random: () => 0.5 });
  const stop = async () => { abort.abort(); await agent.done; };
  t.after(stop);
  await agent.ready;
  return { clock, client, runtime, agent, stop };
}

const podOf = (h: Harness, name = 'web') => h.client.peek<Pod>(PODS, 'default', name);
const statusOf = (h: Harness, name = 'web') => podOf(h, name)?.status;

void describe('agent shell', () => {
  void it('registers its Node and Lease', async (t) => {
    const h = await harness(t);
    const node = h.client.peek(NODES, undefined, 'n1')!;
    assert.equal(node.metadata.labels!['kubernetes.io/hostname'], 'n1');
    assert.equal(node.status.nodeInfo.containerRuntimeVersion, 'hollow://1');
    assert.equal(node.status.conditions.find((c: { type: string }) => c.type === 'Ready').status, 'True');
    const lease = h.client.peek(LEASES, 'kube-node-lease', 'n1')!;
    assert.equal(lease.spec.holderIdentity, 'n1');
    assert.equal(lease.spec.renewTime, '2026-01-01T00:00:00.000000Z');
    // One heartbeat period (1 s ± 10 % jitter) later the Lease is renewed.
    h.clock.advance(1_200);
    await eventually(() => h.client.peek(LEASES, 'kube-node-lease', 'n1')!.spec.renewTime > '2026-01-01T00:00:00.000000Z', 'lease renewed');
  });

  void it('beats at the period the server publishes', async (t) => {
    const clock = new FakeClock(T0);
    const settings = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'tugboat-heartbeat', namespace: 'kube-node-lease' }, data: { periodMs: '5000' } };
    const client = createFakeClient([settings as unknown as Pod], { clock });
    const h = await harness(t, [], { client, clock });
    const renewTime = () => h.client.peek(LEASES, 'kube-node-lease', 'n1')!.spec.renewTime;
    const first = renewTime();
    h.clock.advance(2_000);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(renewTime(), first, 'no beat after 2 s with a 5 s period');
    h.clock.advance(3_600);
    await eventually(() => renewTime() > first, 'lease renewed after the published period');
  });

  void it('keeps beats one period apart, start to start, however long a renewal takes', async (t) => {
    const clock = new FakeClock(T0);
    const client = createFakeClient([], { clock });
    let slow = false;
    client.prependReactor((action) => {
      if (slow && action.resource === 'leases' && action.verb === 'update') clock.advance(300); // the renewal takes 300 ms
      return undefined;
    });
    const h = await harness(t, [], { client, clock });
    const renewTime = () => h.client.peek(LEASES, 'kube-node-lease', 'n1')!.spec.renewTime;
    slow = true;
    h.clock.advance(1_000);
    await eventually(() => renewTime() === '2026-01-01T00:00:01.000000Z', 'beat at 1 s');
    // The rest of that beat (host readings) reads real files: let it finish before time moves on.
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Now 1.3 s: the next beat is due at 2 s, not at 2.3 s.
    h.clock.advance(700);
    await eventually(() => renewTime() === '2026-01-01T00:00:02.000000Z', 'beat at 2 s');
  });

  void it('runs a pod bound to the node: containers created, status Running and Ready, events written', async (t) => {
    const h = await harness(t, [aPod({ containers: [aContainerSpec('app'), aContainerSpec('side')] })]);
    await eventually(() => statusOf(h)?.phase === 'Running' && statusOf(h)?.conditions?.find((c) => c.type === 'Ready')?.status === 'True', 'pod Running/Ready');
    const running = (await h.runtime.list(podSelector('uid-1'))).filter((c) => c.state === 'running');
    assert.equal(running.length, 2);
    const status = statusOf(h)!;
    assert.equal(status.podIP, '127.0.0.1');
    assert.match(status.containerStatuses![0].containerID!, /^hollow:\/\//);
    await eventually(async () => (await h.client.list(EVENTS, { namespace: 'default' })).items.some((e) => e.reason === 'Started'), 'Started event');
    const events = (await h.client.list(EVENTS, { namespace: 'default' })).items;
    const started = events.find((e) => e.reason === 'Started')!;
    assert.deepEqual(started.source, { component: 'tug-agent', host: 'n1' });
    assert.equal((started.involvedObject as { uid: string }).uid, 'uid-1');
    assert.equal(started.count, 1);
  });

  void it('does not touch pods bound to another node', async (t) => {
    const h = await harness(t, [aPod({ node: 'n2' })]);
    await h.agent.relist();
    assert.equal((await h.runtime.list({})).length, 0);
  });

  void it('restarts a crashing container with restartCount and then backs off', async (t) => {
    const crash = aContainerSpec('app', { env: [{ name: 'HOLLOW_EXIT_AFTER_MS', value: '0' }, { name: 'HOLLOW_EXIT_CODE', value: '1' }] });
    const h = await harness(t, [aPod({ containers: [crash] })]);
    const waiting = () => (statusOf(h)?.containerStatuses?.[0]?.state as { waiting?: { reason: string } } | undefined)?.waiting?.reason;
    // attempt 0 crashes → restarted at once (attempt 1) → crashes → CrashLoopBackOff for 10 s
    await eventually(async () => { await h.agent.relist(); return waiting() === 'CrashLoopBackOff'; }, 'CrashLoopBackOff');
    const s = statusOf(h)!.containerStatuses![0];
    assert.equal(s.restartCount, 1);
    assert.equal((s.lastState as { terminated: { exitCode: number } }).terminated.exitCode, 1);
    assert.match((s.lastState as { terminated: { message?: string } }).terminated.message ?? '', /exited with 1/);
    // No status ever reported a crash without its last log lines.
    const crashReports = h.client.actions().filter((a) => a.subresource === 'status' && a.resource === 'pods')
      .flatMap((a) => ((a.body as { status?: { containerStatuses?: Array<Record<string, any>> } }).status?.containerStatuses ?? []))
      .map((c) => c.lastState?.terminated ?? c.state?.terminated).filter((t) => t && t.exitCode === 1);
    assert.ok(crashReports.length > 0);
    for (const t of crashReports) assert.match(t.message ?? '', /exited with 1/);
    assert.equal((await h.runtime.list(podSelector('uid-1'))).length, 2);
    await eventually(async () => (await h.client.list(EVENTS, { namespace: 'default' })).items.some((e) => e.reason === 'BackOff'), 'BackOff event');
    h.clock.advance(10_000);
    await eventually(async () => { await h.agent.relist(); return statusOf(h)!.containerStatuses![0].restartCount === 2; }, 'restart after back-off');
  });

  void it('stops the containers of a deleted pod and finalises its deletion', async (t) => {
    const pod = aPod();
    pod.metadata.finalizers = ['test.tugboat.io/hold']; // keeps the object visible with its deletionTimestamp
    const h = await harness(t, [pod]);
    await eventually(() => statusOf(h)?.phase === 'Running', 'pod Running');
    await h.client.delete(PODS, 'default', 'web');
    await eventually(async () => (await h.runtime.list(podSelector('uid-1'))).length === 0, 'containers removed');
    await eventually(() => h.client.actions().some((a) => a.verb === 'delete' && a.resource === 'pods' && (a.options as { gracePeriodSeconds?: number }).gracePeriodSeconds === 0), 'delete with grace 0');
    assert.ok((await h.client.list(EVENTS, { namespace: 'default' })).items.some((e) => e.reason === 'Killing'));
  });

  void it('adopts the containers of its pods after a restart instead of duplicating them', async (t) => {
    const clock = new FakeClock(T0);
    const client = createFakeClient([aPod()], { clock });
    const hollow = createHollowRuntime({ now: () => clock.now() });
    const calls = { create: 0, podLists: 0 };
    const runtime: Runtime = {
      ...hollow,
      create: (spec) => { calls.create++; return hollow.create(spec); },
      list: (labels) => { if (labels['io.tugboat.pod.uid'] === 'uid-1') calls.podLists++; return hollow.list(labels); },
    };
    const first = await harness(t, [], { clock, client, runtime });
    await eventually(() => statusOf(first)?.phase === 'Running', 'pod Running');
    const before = (await runtime.list(podSelector('uid-1'))).map((c) => c.id);
    await first.stop();
    calls.create = 0;
    calls.podLists = 0;
    const second = await harness(t, [], { clock, client, runtime });
    await eventually(() => calls.podLists > 0, 'second agent synced the pod');
    await second.stop();
    assert.equal(calls.create, 0);
    assert.deepEqual((await runtime.list(podSelector('uid-1'))).map((c) => c.id), before);
    assert.equal(statusOf(second)?.phase, 'Running');
  });

  void it('removes an orphaned container whose pod does not exist', async (t) => {
    const clock = new FakeClock(T0);
    const runtime = createHollowRuntime({ now: () => clock.now() });
    const labels = containerLabels({ podUid: 'gone', podNamespace: 'default', podName: 'old', containerName: 'app', kind: 'regular', attempt: 0, restartBackoffMs: 0, agentDir: dataDir });
    const created = await runtime.create({ name: 'orphan', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', env: {}, ports: [], mounts: [], labels });
    assert.ok(created.ok);
    await runtime.start(created.value.id);
    const stranger = await runtime.create({ name: 'other-node', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', env: {}, ports: [], mounts: [], labels: { ...labels, 'io.tugboat.node.name': 'n9' } });
    assert.ok(stranger.ok);
    // Same node name, another agent's data dir (two `tug up` on one host): not ours to remove.
    const neighbour = await runtime.create({ name: 'other-agent', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', env: {}, ports: [], mounts: [], labels: { ...labels, 'io.tugboat.agent.dir': '/elsewhere' } });
    assert.ok(neighbour.ok);
    await harness(t, [], { clock, runtime });
    const left = (await runtime.list({})).map((c) => c.name).sort();
    assert.deepEqual(left, ['other-agent', 'other-node']);
  });

  void it('kills and restarts a container whose liveness probe fails, with Unhealthy and Killing events', async (t) => {
    const spec = aContainerSpec('app', { livenessProbe: { exec: { command: ['false'] }, periodSeconds: 1, failureThreshold: 1 } });
    const h = await harness(t, [aPod({ containers: [spec] })]);
    await eventually(() => statusOf(h)?.phase === 'Running', 'pod Running');
    await eventually(async () => { h.clock.advance(1_000); await h.agent.relist(); return statusOf(h)!.containerStatuses![0].restartCount >= 1; }, 'restarted after liveness failure');
    await eventually(async () => {
      const reasons = (await h.client.list(EVENTS, { namespace: 'default' })).items.map((e) => `${e.reason}: ${e.message}`);
      return reasons.includes('Unhealthy: Liveness probe failed: command ["false"] exited with 1') && reasons.includes('Killing: Container app failed liveness probe, will be restarted');
    }, 'Unhealthy and Killing events');
  });

  void it('reports Ready only after the readiness probe succeeded', async (t) => {
    const spec = aContainerSpec('app', { readinessProbe: { exec: { command: ['sh', '-c', 'exit 0'] }, initialDelaySeconds: 5 } });
    const h = await harness(t, [aPod({ containers: [spec] })]);
    await eventually(() => statusOf(h)?.phase === 'Running', 'pod Running');
    assert.equal(statusOf(h)!.containerStatuses![0].ready, false);
    h.clock.advance(5_000);
    await eventually(() => statusOf(h)!.containerStatuses![0].ready === true, 'ready after the probe');
  });

  void it('starts the readiness probe from the start result, without waiting for the re-sync to list the container', async (t) => {
    const clock = new FakeClock(T0);
    const hollow = createHollowRuntime({ now: () => clock.now() });
    let started = false;
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const execs: string[] = [];
    const runtime: Runtime = {
      ...hollow,
      start: async (id) => { const r = await hollow.start(id); started = true; return r; },
      // The pod's re-sync after the start hangs in its runtime list until released.
      list: async (labels) => { if (started && labels['io.tugboat.pod.uid'] === 'uid-1') await gate; return hollow.list(labels); },
      exec: (id, options) => { execs.push(options.command.join(' ')); return hollow.exec(id, options); },
    };
    t.after(() => release());
    const spec = aContainerSpec('app', { readinessProbe: { exec: { command: ['sh', '-c', 'exit 0'] }, periodSeconds: 1 } });
    const h = await harness(t, [aPod({ containers: [spec] })], { clock, runtime });
    await eventually(() => { h.clock.advance(0); return execs.length > 0; }, 'readiness probe ran while the re-sync was still listing');
    release();
    await eventually(() => statusOf(h)?.conditions?.find((c) => c.type === 'Ready')?.status === 'True', 'Ready');
  });

  void it('reports ErrImagePull, then ImagePullBackOff, for an image it cannot pull', async (t) => {
    const clock = new FakeClock(T0);
    const runtime = createHollowRuntime({ now: () => clock.now(), isImageAvailable: () => false });
    const h = await harness(t, [aPod()], { clock, runtime });
    const reason = () => (statusOf(h)?.containerStatuses?.[0]?.state as { waiting?: { reason: string } } | undefined)?.waiting?.reason;
    await eventually(() => reason() === 'ErrImagePull', 'ErrImagePull');
    h.clock.advance(2_000);
    await eventually(() => reason() === 'ImagePullBackOff', 'ImagePullBackOff');
    assert.equal(statusOf(h)!.phase, 'Pending');
  });

  void it('kills a container whose postStart hook fails and restarts it', async (t) => {
    const spec = aContainerSpec('app', { lifecycle: { postStart: { exec: { command: ['false'] } } } });
    const h = await harness(t, [aPod({ containers: [spec] })]);
    await eventually(async () => { await h.agent.relist(); return (statusOf(h)?.containerStatuses?.[0]?.restartCount ?? 0) >= 1; }, 'restarted after the failed hook');
    await eventually(async () => (await h.client.list(EVENTS, { namespace: 'default' })).items.some((e) => e.reason === 'FailedPostStartHook'), 'FailedPostStartHook event');
  });
});
