import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decideTermination, gateBoundMs, gateEvent, type GateInput, type ProxyFacts, type SliceFacts } from '../../../src/agent/termination-gate/decide.js';
import { proxyFactsOf, sliceFactsFor } from '../../../src/agent/termination-gate/facts.js';
import { buildLease, PROXY_REVISION_ANNOTATION } from '../../../src/agent/node/lease.js';

const NOW = 1_000_000;

const aSlice = (name: string, resourceVersion: number, ...ready: boolean[]): SliceFacts => ({ name, resourceVersion, endpoints: ready.map((r) => ({ ready: r })) });
const aProxy = (node: string, revision: number | undefined, overrides: Partial<ProxyFacts> = {}): ProxyFacts =>
  ({ node, nodeReady: true, leaseValidUntilMs: NOW + 6_000, ...(revision !== undefined ? { revision } : {}), ...overrides });
const input = (overrides: Partial<GateInput>): GateInput => ({ memory: undefined, slices: [], proxies: [], graceSeconds: 30, nowMs: NOW, maxWaitMs: 10_000, ...overrides });

void describe('termination gate decision', () => {
  void it('lets a pod that no EndpointSlice lists go at once', () => {
    const d = decideTermination(input({ slices: [aSlice('other', 50)], proxies: [aProxy('n1', 10)] }));
    assert.equal(d.verdict, 'proceed');
    assert.equal(d.verdict === 'proceed' && d.reason, 'NotBehindService');
    assert.equal(gateEvent(d as Extract<typeof d, { verdict: 'proceed' }>), undefined);
  });

  void it('waits while a slice still lists the pod as ready', () => {
    const d = decideTermination(input({ slices: [aSlice('web-a', 40, true)], proxies: [aProxy('n1', 40)] }));
    assert.equal(d.verdict, 'wait');
    assert.deepEqual(d.verdict === 'wait' && [d.why, d.pending], ['EndpointStillReady', ['slice web-a']]);
    assert.deepEqual(d.verdict === 'wait' && d.memory, { startedAtMs: NOW, slices: ['web-a'] });
  });

  void it('remembers when the pod left its slices, to split the wait', () => {
    const first = decideTermination(input({ memory: { startedAtMs: NOW - 300, slices: ['web-a'] }, slices: [aSlice('web-a', 55, false)], proxies: [aProxy('n1', 50)] }));
    assert.deepEqual(first.verdict === 'wait' && first.memory, { startedAtMs: NOW - 300, slices: ['web-a'], revision: 55, revisionAtMs: NOW });
    const second = decideTermination(input({ memory: first.verdict === 'wait' ? first.memory : undefined, nowMs: NOW + 200, slices: [aSlice('web-a', 55, false)], proxies: [aProxy('n1', 55)] }));
    assert.deepEqual(second.verdict === 'proceed' && [second.waitedMs, second.endpointsMs], [500, 300]);
  });

  void it('waits for every live proxy to reach the revision that took the pod out', () => {
    const d = decideTermination(input({ slices: [aSlice('web-a', 55, false), aSlice('web-b', 57)], proxies: [aProxy('n1', 55), aProxy('n2', 54)] }));
    assert.equal(d.verdict, 'wait');
    assert.deepEqual(d.verdict === 'wait' && [d.why, d.pending, d.memory.revision], ['ProxiesBehind', ['n2'], 55]);
  });

  void it('proceeds once every live proxy acknowledged, counting them in the event', () => {
    const memory = { startedAtMs: NOW - 180, slices: ['web-a'], revision: 55, revisionAtMs: NOW - 100 };
    const d = decideTermination(input({ memory, slices: [aSlice('web-a', 60, false)], proxies: [aProxy('n1', 55), aProxy('n2', 61), aProxy('n3', undefined)] }));
    assert.equal(d.verdict, 'proceed');
    const proceed = d as Extract<typeof d, { verdict: 'proceed' }>;
    assert.deepEqual([proceed.reason, proceed.proxies, proceed.revision, proceed.waitedMs], ['Acknowledged', 2, 55, 180]);
    assert.deepEqual(gateEvent(proceed), { type: 'Normal', reason: 'RemovedFromProxies', message: 'Removed from 2 proxies in 180 ms (out of the EndpointSlices after 80 ms)' });
  });

  void it('freezes R once the pod is out: a later unrelated write to the slice does not move the goal', () => {
    const first = decideTermination(input({ slices: [aSlice('web-a', 55, false)], proxies: [aProxy('n1', 50)] }));
    assert.equal(first.verdict, 'wait');
    const memory = first.verdict === 'wait' ? first.memory : undefined;
    const second = decideTermination(input({ memory, nowMs: NOW + 100, slices: [aSlice('web-a', 90, false)], proxies: [aProxy('n1', 56)] }));
    assert.equal(second.verdict === 'proceed' && second.reason, 'Acknowledged');
  });

  void it('counts a slice that listed the pod earlier and dropped it since', () => {
    const memory = { startedAtMs: NOW, slices: ['web-a'] };
    const d = decideTermination(input({ memory, slices: [aSlice('web-a', 70)], proxies: [aProxy('n1', 69)] }));
    assert.deepEqual(d.verdict === 'wait' && [d.why, d.memory.revision], ['ProxiesBehind', 70]);
  });

  void it('ignores nodes that are not Ready, whose Lease lapsed, or that run no proxy', () => {
    const proxies = [aProxy('down', 1, { nodeReady: false }), aProxy('lapsed', 1, { leaseValidUntilMs: NOW - 1 }), aProxy('none', undefined), aProxy('ok', 80)];
    const d = decideTermination(input({ slices: [aSlice('web-a', 80, false)], proxies }));
    assert.deepEqual(d.verdict === 'proceed' && [d.reason, d.proxies], ['Acknowledged', 1]);
  });

  void it('proceeds with no proxy at all once the endpoint is out of its slices', () => {
    const d = decideTermination(input({ slices: [aSlice('web-a', 80, false)] }));
    assert.deepEqual(d.verdict === 'proceed' && [d.reason, d.proxies], ['Acknowledged', 0]);
  });

  void it('gives up after the bound and says who was behind', () => {
    const memory = { startedAtMs: NOW - 10_000, slices: ['web-a'], revision: 80 };
    const d = decideTermination(input({ memory, slices: [aSlice('web-a', 80, false)], proxies: [aProxy('n1', 80), aProxy('n2', 70)] }));
    assert.equal(d.verdict, 'proceed');
    const proceed = d as Extract<typeof d, { verdict: 'proceed' }>;
    assert.deepEqual([proceed.reason, proceed.pending], ['TimedOut', ['node n2']]);
    assert.deepEqual(gateEvent(proceed), { type: 'Warning', reason: 'ProxyAckTimeout', message: 'Stopping after 10000 ms without every proxy\'s acknowledgement; waiting on node n2' });
  });

  void it('gives up after the bound when the endpoints controller never marked the pod', () => {
    const memory = { startedAtMs: NOW - 2_000, slices: ['web-a'] };
    const d = decideTermination(input({ memory, graceSeconds: 4, slices: [aSlice('web-a', 80, true)] }));
    assert.deepEqual(d.verdict === 'proceed' && [d.reason, d.pending], ['TimedOut', ['slice web-a']]);
  });

  void it('does not wait at all with a zero grace period (force delete)', () => {
    const d = decideTermination(input({ graceSeconds: 0, slices: [aSlice('web-a', 80, true)] }));
    assert.equal(d.verdict === 'proceed' && d.reason, 'NoGraceLeft');
  });

  void it('bounds the wait by min(10 s, half the grace period)', () => {
    assert.equal(gateBoundMs(30, 10_000), 10_000);
    assert.equal(gateBoundMs(4, 10_000), 2_000);
    assert.equal(gateBoundMs(0, 10_000), 0);
  });
});

void describe('termination gate facts', () => {
  void it('keeps only the pod\'s endpoints and reads ready the way a proxy does', () => {
    const slice = {
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-a', resourceVersion: '42' },
      endpoints: [
        { addresses: ['127.0.0.1'], conditions: { ready: true }, targetRef: { uid: 'p1' } },
        { addresses: ['127.0.0.1'], conditions: { ready: false, serving: true, terminating: true }, targetRef: { uid: 'p2' } },
        { addresses: ['127.0.0.1'], conditions: {}, targetRef: { uid: 'p3' } },
      ],
    };
    assert.deepEqual(sliceFactsFor('p1', [slice]), [{ name: 'web-a', resourceVersion: 42, endpoints: [{ ready: true }] }]);
    assert.deepEqual(sliceFactsFor('p2', [slice]), [{ name: 'web-a', resourceVersion: 42, endpoints: [{ ready: false }] }]);
    assert.deepEqual(sliceFactsFor('p3', [slice])[0].endpoints, [{ ready: true }], 'nil ready counts as ready');
    assert.deepEqual(sliceFactsFor('p9', [slice])[0].endpoints, []);
  });

  void it('reads the proxy revision and Lease validity from node Leases', () => {
    const lease = buildLease({ nodeName: 'n1', leaseDurationSeconds: 6, now: NOW, proxyRevision: '123' });
    const bare = buildLease({ nodeName: 'n2', leaseDurationSeconds: 6, now: NOW });
    const nodes = [
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2' }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } },
    ];
    assert.deepEqual(proxyFactsOf(nodes, [lease, bare]), [
      { node: 'n1', nodeReady: true, leaseValidUntilMs: NOW + 6_000, revision: 123 },
      { node: 'n2', nodeReady: false, leaseValidUntilMs: NOW + 6_000 },
    ]);
  });
});

void describe('proxy revision on the node Lease', () => {
  void it('is set, replaced and removed without touching other annotations', () => {
    const set = buildLease({ nodeName: 'n1', leaseDurationSeconds: 6, now: NOW, proxyRevision: '7' });
    assert.equal(set.metadata.annotations?.[PROXY_REVISION_ANNOTATION], '7');
    const other = { ...set, metadata: { ...set.metadata, annotations: { ...set.metadata.annotations, keep: 'me' } } };
    const replaced = buildLease({ nodeName: 'n1', leaseDurationSeconds: 6, now: NOW, existing: other, proxyRevision: '9' });
    assert.deepEqual(replaced.metadata.annotations, { [PROXY_REVISION_ANNOTATION]: '9', keep: 'me' });
    const kept = buildLease({ nodeName: 'n1', leaseDurationSeconds: 6, now: NOW, existing: replaced });
    assert.deepEqual(kept.metadata.annotations, replaced.metadata.annotations, 'undefined leaves it as it is');
    const removed = buildLease({ nodeName: 'n1', leaseDurationSeconds: 6, now: NOW, existing: set, proxyRevision: null });
    assert.equal(removed.metadata.annotations, undefined);
  });
});
