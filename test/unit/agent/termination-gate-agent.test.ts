/**
 * The gate inside a running agent (fake API, fake clock, hollow runtime): a deleted pod's
 * containers are stopped only after its EndpointSlice shows it out and every proxy's Lease
 * acknowledged that revision; and the heartbeat publishes a proxy's revision early.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeClock } from '../../../src/client/clock.js';
import { createFakeClient, type FakeClient } from '../../../src/client/fake.js';
import { createHollowRuntime } from '../../../src/agent/runtime/hollow/hollow-runtime.js';
import type { Runtime } from '../../../src/agent/runtime/runtime.js';
import { startAgent } from '../../../src/agent/agent.js';
import { PODS } from '../../../src/agent/actions.js';
import { EVENTS } from '../../../src/agent/events.js';
import { createNodeHeartbeat, LEASES, NODES } from '../../../src/agent/heartbeat.js';
import { buildLease, PROXY_REVISION_ANNOTATION } from '../../../src/agent/node/lease.js';
import { podSelector } from '../../../src/agent/container-labels.js';
import type { KubeObject } from '../../../src/api/types.js';
import { silentLogger } from '../../../src/agent/logger.js';
import { T0, aPod, eventually } from './builders.js';

const SLICES = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', kind: 'EndpointSlice', namespaced: true } as const;
const dataDir = mkdtempSync(path.join(tmpdir(), 'tug-gate-test-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}

const aReadyNode = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { conditions: [{ type: 'Ready', status: 'True' }] } });

function aSlice(podUid: string, conditions: Record<string, boolean>): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4',
    metadata: { name: 'web-abc', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
    endpoints: [{ addresses: ['127.0.0.1'], conditions, nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'web', uid: podUid } }],
    ports: [{ name: '', port: 31000, protocol: 'TCP' }],
  };
}

interface Harness { clock: FakeClock; client: FakeClient; runtime: Runtime }

/** Agent n1 runs the pod; node n2 runs a proxy that acknowledged revision 1 so far. */
async function harness(t: { after(fn: () => Promise<void> | void): void }): Promise<Harness> {
  const clock = new FakeClock(T0);
  const pod = aPod();
  pod.metadata.finalizers = ['test.tugboat.io/hold']; // keeps the object visible with its deletionTimestamp
  const otherLease = buildLease({ nodeName: 'n2', leaseDurationSeconds: 3600, now: T0, proxyRevision: '1' });
  const client = createFakeClient([pod, aReadyNode('n2'), otherLease], { clock });
  const runtime = createHollowRuntime({ now: () => clock.now() });
  const abort = new AbortController();
  const agent = startAgent({ client, runtime, nodeName: 'n1', address: '127.0.0.1', dataDir, clock, signal: abort.signal, random: () => 0.5, heartbeatPeriodMs: 3_600_000 });
  t.after(async () => { abort.abort(); await agent.done; });
  await agent.ready;
  await eventually(() => client.peek(PODS, 'default', 'web')?.status?.phase === 'Running', 'pod Running');
  await client.create(SLICES, aSlice('uid-1', { ready: true, serving: true, terminating: false }));
  return { clock, client, runtime };
}

const running = async (h: Harness) => (await h.runtime.list(podSelector('uid-1'))).filter((c) => c.state === 'running').length;
const eventsOf = async (h: Harness, reason: string) => (await h.client.list(EVENTS, { namespace: 'default' })).items.filter((e) => e.reason === reason);

/** Lets the pod worker poll the gate a few times (100 ms each on the fake clock). */
async function polls(h: Harness, n: number): Promise<void> {
  for (let i = 0; i < n; i++) { h.clock.advance(100); await settle(); }
}

async function markTerminating(h: Harness): Promise<number> {
  const slice = h.client.peek(SLICES, 'default', 'web-abc')!;
  const updated = await h.client.update(SLICES, { ...slice, endpoints: [{ ...(slice.endpoints as any[])[0], conditions: { ready: false, serving: true, terminating: true } }] });
  return Number(updated.metadata.resourceVersion);
}

async function acknowledge(h: Harness, node: string, revision: number): Promise<void> {
  const lease = h.client.peek(LEASES, 'kube-node-lease', node)!;
  await h.client.update(LEASES, { ...lease, metadata: { ...lease.metadata, annotations: { [PROXY_REVISION_ANNOTATION]: String(revision) } } });
}

void describe('termination gate in the agent', () => {
  void it('stops a deleted pod only after its slice shows it out and every proxy acknowledged', async (t) => {
    const h = await harness(t);
    await h.client.delete(PODS, 'default', 'web');
    await polls(h, 5);
    assert.equal(await running(h), 1, 'still running while the slice lists it ready');
    assert.equal((await eventsOf(h, 'Killing')).length, 0);

    const revision = await markTerminating(h);
    await polls(h, 5);
    assert.equal(await running(h), 1, 'still running while proxy n2 is behind');

    await acknowledge(h, 'n2', revision);
    h.clock.advance(100);
    await eventually(async () => { h.clock.advance(100); return await running(h) === 0; }, 'container stopped after the acknowledgement');
    const [removed] = await eventsOf(h, 'RemovedFromProxies');
    assert.match(removed.message as string, /^Removed from 1 proxy in \d+ ms \(out of the EndpointSlices after \d+ ms\)$/);
    assert.equal((await eventsOf(h, 'ProxyAckTimeout')).length, 0);
  });

  void it('stops the pod anyway once the bound (min(10 s, grace/2)) passed, with a warning', async (t) => {
    const h = await harness(t);
    await h.client.delete(PODS, 'default', 'web');
    await markTerminating(h);
    await polls(h, 5);
    assert.equal(await running(h), 1);
    h.clock.advance(10_000);
    await eventually(async () => { h.clock.advance(100); return await running(h) === 0; }, 'container stopped after the bound');
    const [warning] = await eventsOf(h, 'ProxyAckTimeout');
    assert.match(warning.message as string, /waiting on node n2$/);
  });

  void it('does not hold a pod that no EndpointSlice lists', async (t) => {
    const h = await harness(t);
    await h.client.delete(SLICES, 'default', 'web-abc');
    await h.client.delete(PODS, 'default', 'web');
    await eventually(async () => { await settle(); return await running(h) === 0; }, 'container stopped without any clock advance');
    assert.equal((await eventsOf(h, 'RemovedFromProxies')).length, 0);
  });
});

void describe('proxy acknowledgement on the Lease', () => {
  void it('is written with every renewal and at once when the applied revision changes', async () => {
    const clock = new FakeClock(T0);
    const client = createFakeClient([], { clock });
    let applied: string | undefined;
    const heartbeat = createNodeHeartbeat({
      client, clock, runtime: createHollowRuntime({ now: () => clock.now() }), logger: silentLogger, nodeName: 'n1',
      facts: { hostname: 'n1', address: '127.0.0.1', cpuCount: 2, memoryBytes: 1 << 30, osImage: 'test', kernelVersion: '6', architecture: 'amd64', operatingSystem: 'linux', containerRuntimeVersion: 'hollow://1' },
      leaseDurationSeconds: 6,
      readHostReadings: async (runtimeReady) => ({ freeMemoryBytes: 1 << 30, runtimeReady }),
      proxyRevision: () => applied,
    });
    await heartbeat.register();
    await heartbeat.beat();
    const annotation = () => client.peek(LEASES, 'kube-node-lease', 'n1')?.metadata.annotations?.[PROXY_REVISION_ANNOTATION];
    const leaseWrites = () => client.actions().filter((a) => a.resource === 'leases' && (a.verb === 'update' || a.verb === 'create')).length;
    assert.equal(annotation(), undefined, 'a proxy that applied nothing yet routes nothing: no annotation');

    applied = '41';
    const before = leaseWrites();
    await heartbeat.publishProxyRevision();
    assert.equal(annotation(), '41');
    assert.equal(leaseWrites(), before + 1);
    await heartbeat.publishProxyRevision();
    assert.equal(leaseWrites(), before + 1, 'no write when nothing changed');

    applied = '57';
    await heartbeat.beat();
    assert.equal(annotation(), '57', 'the regular renewal carries it too');
    await heartbeat.publishProxyRevision();
    assert.equal(leaseWrites(), before + 2);
    assert.ok(client.peek(NODES, undefined, 'n1'));
  });
});
