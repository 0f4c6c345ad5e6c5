/**
 * The agent's fence end to end in one process: fake API client, hollow runtime, fake clock.
 * Lease renewals are made to fail; past the grace the agent must kill its at-most-once
 * containers and change nothing else; when renewals succeed again it must remove the
 * containers of pods that went away (from a fresh list) before resuming.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeClock } from '../../../src/client/clock.js';
import { createFakeClient } from '../../../src/client/fake.js';
import { createHollowRuntime } from '../../../src/agent/runtime/hollow/hollow-runtime.js';
import { startAgent } from '../../../src/agent/agent.js';
import { PODS } from '../../../src/agent/actions.js';
import { LEASES, NODES } from '../../../src/agent/heartbeat.js';
import { podSelector } from '../../../src/agent/container-labels.js';
import type { Pod } from '../../../src/agent/pod/pod-types.js';
import { T0, aContainerSpec, aPod, eventually } from './builders.js';
import { saveFenceMemory } from '../../../src/agent/fencing/fence-file.js';
import { containerLabels } from '../../../src/agent/container-labels.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'tug-fencing-test-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

void describe('agent fencing', () => {
  void it('kills at-most-once containers past the grace, changes nothing else, and cleans up after renewing', async (t) => {
    const clock = new FakeClock(T0);
    const single = aPod({ name: 'single', uid: 'uid-single', annotations: { 'tugboat.io/at-most-once': 'true' } });
    const web = aPod({ name: 'web', uid: 'uid-web' });
    const settings = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'tugboat-heartbeat', namespace: 'kube-node-lease' }, data: { periodMs: '1000', graceMs: '4000' } };
    const client = createFakeClient([single, web, settings as unknown as Pod], { clock });
    const runtime = createHollowRuntime({ now: () => clock.now() });
    const abort = new AbortController();
    const agent = startAgent({ client, runtime, nodeName: 'n1', address: '127.0.0.1', dataDir, clock, signal: abort.signal, random: () => 0.5 });
    t.after(async () => { abort.abort(); await agent.done; });
    await agent.ready;
    const running = async (uid: string) => (await runtime.list(podSelector(uid))).filter((c) => c.state === 'running').length;
    await eventually(async () => (await running('uid-single')) === 1 && (await running('uid-web')) === 1, 'both pods running');

    // The server becomes unreachable for the Lease.
    let partitioned = true;
    client.prependReactor((a) => {
      if (partitioned && a.resource === 'leases' && (a.verb === 'update' || a.verb === 'create' || a.verb === 'get')) throw new Error('connect ENETUNREACH');
      return undefined;
    });
    const lastGood = clock.now();
    for (let ms = 0; ms < 4_000; ms += 500) { clock.advance(500); await new Promise((r) => setImmediate(r)); }
    assert.equal(clock.now() - lastGood, 4_000);
    assert.equal(await running('uid-single'), 1, 'not fenced at exactly the grace');
    clock.advance(2); // past the grace (the last renewal was sent no later than lastGood)
    await eventually(async () => (await running('uid-single')) === 0, 'at-most-once container killed');
    assert.equal(await running('uid-web'), 1, 'ordinary pods keep running while fenced');

    // While fenced the agent changes nothing: neither the deleted pod's container is stopped
    // nor the killed singleton restarted.
    await client.delete(PODS, 'default', 'web', { gracePeriodSeconds: 0 });
    // …and the node lifecycle controller marks the node Ready=Unknown, as it would by now.
    const node = client.peek(NODES, undefined, 'n1')!;
    const unknown = (node.status.conditions as Array<{ type: string; status: string }>).map((c) => (c.type === 'Ready' ? { ...c, status: 'Unknown' } : c));
    await client.patch(NODES, undefined, 'n1', { type: 'merge', body: { status: { conditions: unknown } } }, { subresource: 'status' });
    for (let i = 0; i < 5; i++) { clock.advance(1_000); await new Promise((r) => setTimeout(r, 5)); await agent.relist(); }
    assert.equal(await running('uid-web'), 1, 'no change while fenced');
    assert.equal(await running('uid-single'), 0, 'no restart while fenced');

    // Renewals succeed again: the fresh list shows web gone → its container is removed;
    // single is still bound here → restarted.
    partitioned = false;
    await eventually(async () => {
      clock.advance(500);
      await new Promise((r) => setTimeout(r, 2));
      return (await runtime.list(podSelector('uid-web'))).length === 0;
    }, 'container of the deleted pod removed');
    await eventually(async () => { clock.advance(200); await agent.relist(); return (await running('uid-single')) === 1; }, 'singleton restarted after the fence lifted');
    await eventually(() => {
      clock.advance(200);
      return (client.peek(NODES, undefined, 'n1')!.status.conditions as Array<{ type: string; status: string }>).find((c) => c.type === 'Ready')?.status === 'True';
    }, 'the node re-posts Ready=True after the fence lifted (well before the 60 s unchanged-status report)', 100);
    const status = client.peek<Pod>(PODS, 'default', 'single')!.status!;
    await eventually(() => (client.peek<Pod>(PODS, 'default', 'single')!.status!.containerStatuses?.[0]?.restartCount ?? 0) >= 1, `restartCount counted (${JSON.stringify(status.containerStatuses)})`);
  });

  void it('an agent restarted while cut off fences from the renewal its previous run remembered', async (t) => {
    const clock = new FakeClock(T0);
    const dir = mkdtempSync(path.join(tmpdir(), 'tug-fencing-restart-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    // The previous run left a running container of an at-most-once pod and its memory.
    const runtime = createHollowRuntime({ now: () => clock.now() });
    const spec = aContainerSpec('app');
    const created = await runtime.create({
      name: 'tug_single', image: spec.image, imagePullPolicy: 'IfNotPresent', command: ['app'], env: {}, ports: [], mounts: [],
      labels: containerLabels({ podUid: 'uid-single', podNamespace: 'default', podName: 'single', containerName: 'app', kind: 'regular', attempt: 0, restartBackoffMs: 0, nodeName: 'n1', agentDir: dir }),
    });
    assert.ok(created.ok);
    await runtime.start(created.value.id);
    await saveFenceMemory(path.join(dir, 'fencing.json'), { lastRenewedMs: T0 - 10_000, atMostOnceUids: ['uid-single'] });
    // The server is unreachable: every call fails.
    const client = createFakeClient([], { clock });
    client.prependReactor(() => { throw new Error('connect ENETUNREACH'); });
    const abort = new AbortController();
    const agent = startAgent({ client, runtime, nodeName: 'n1', address: '127.0.0.1', dataDir: dir, clock, signal: abort.signal, random: () => 0.5 });
    t.after(async () => { abort.abort(); await agent.done.catch(() => undefined); });
    const running = async () => (await runtime.list(podSelector('uid-single'))).filter((c) => c.state === 'running').length;
    await eventually(async () => { clock.advance(10); return (await running()) === 0; }, 'the remembered at-most-once container is killed');
  });

  void it('a renewal stuck in flight (lost in a partition) does not hold the next ones back, so a short blip never fences', async (t) => {
    const clock = new FakeClock(T0);
    const dir = mkdtempSync(path.join(tmpdir(), 'tug-fencing-stuck-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const single = aPod({ name: 'single', uid: 'uid-single', annotations: { 'tugboat.io/at-most-once': 'true' } });
    const client = createFakeClient([single], { clock });
    const runtime = createHollowRuntime({ now: () => clock.now() });
    const abort = new AbortController();
    const agent = startAgent({ client, runtime, nodeName: 'n1', address: '127.0.0.1', dataDir: dir, clock, signal: abort.signal, random: () => 0.5 });
    t.after(async () => { abort.abort(); await agent.done; });
    await agent.ready;
    const running = async () => (await runtime.list(podSelector('uid-single'))).filter((c) => c.state === 'running').length;
    await eventually(async () => (await running()) === 1, 'singleton running');
    let stuck = 0;
    client.prependReactor((a) => {
      if (a.resource === 'leases' && a.verb === 'update' && stuck++ === 0) return new Promise(() => {}); // never answered
      return undefined;
    });
    const renewTime = () => String(client.peek(LEASES, 'kube-node-lease', 'n1')!.spec.renewTime);
    const before = renewTime();
    for (let i = 0; i < 16; i++) { clock.advance(500); await new Promise((r) => setTimeout(r, 2)); }
    assert.ok(stuck >= 2, 'later renewals were sent beside the stuck one');
    assert.ok(renewTime() > before, 'the Lease kept being renewed');
    assert.equal(await running(), 1, 'never fenced');
  });
});
