import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildNode, kubernetesArch, type HostFacts } from '../../../src/agent/node/node-object.js';
import { computeNodeConditions, type HostReadings } from '../../../src/agent/node/node-conditions.js';
import { buildLease, microTime } from '../../../src/agent/node/lease.js';
import { memAvailableFrom, osImageFrom, readHostFacts } from '../../../src/agent/node/host-facts.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const facts: HostFacts = {
  hostname: 'box', address: '10.0.0.5', cpuCount: 4, memoryBytes: 8 * 1024 ** 3, osImage: 'Debian GNU/Linux 12 (bookworm)',
  kernelVersion: '6.1.0', architecture: 'amd64', operatingSystem: 'linux', containerRuntimeVersion: 'docker://27.3.1',
};
const healthy: HostReadings = { freeMemoryBytes: 2 * 1024 ** 3, freeDiskFraction: 0.5, freePidFraction: 0.9, runtimeReady: true };

void describe('node object', () => {
  void it('carries addresses, capacity, nodeInfo and the well-known labels', () => {
    const node = buildNode({ nodeName: 'n1', facts, labels: { zone: 'a' }, controlPlane: true, conditions: [] });
    assert.equal(node.metadata.name, 'n1');
    assert.deepEqual(node.metadata.labels, {
      'kubernetes.io/hostname': 'n1', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64', 'node-role.kubernetes.io/control-plane': '', zone: 'a',
    });
    assert.deepEqual(node.status.addresses, [{ type: 'InternalIP', address: '10.0.0.5' }, { type: 'Hostname', address: 'box' }]);
    assert.deepEqual(node.status.capacity, { cpu: '4', memory: '8388608Ki', pods: '110' });
    assert.deepEqual(node.status.allocatable, node.status.capacity);
    assert.equal(node.status.nodeInfo.kubeletVersion, 'v1.32.0-tugboat');
    assert.equal(node.status.nodeInfo.containerRuntimeVersion, 'docker://27.3.1');
    assert.equal(node.status.nodeInfo.architecture, 'amd64');
  });

  void it('has no control-plane role label for a plain agent and reports ephemeral storage when known', () => {
    const node = buildNode({ nodeName: 'n2', facts: { ...facts, ephemeralStorageBytes: 1024 * 1024 }, conditions: [] });
    assert.equal('node-role.kubernetes.io/control-plane' in node.metadata.labels!, false);
    assert.equal(node.status.capacity['ephemeral-storage'], '1024Ki');
  });

  void it('maps Node.js architectures to Kubernetes names', () => {
    assert.equal(kubernetesArch('x64'), 'amd64');
    assert.equal(kubernetesArch('arm64'), 'arm64');
  });

  void it('reads real host facts', async () => {
    const real = await readHostFacts({ address: '127.0.0.1', containerRuntimeVersion: 'process://tugboat' });
    assert.ok(real.cpuCount >= 1);
    assert.ok(real.memoryBytes > 0);
    assert.ok(real.osImage.length > 0);
  });

  void it('parses os-release and meminfo', () => {
    assert.equal(osImageFrom('NAME="Debian"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'), 'Debian GNU/Linux 12 (bookworm)');
    assert.equal(memAvailableFrom('MemTotal: 100 kB\nMemAvailable:    2048 kB\n'), 2 * 1024 * 1024);
  });
});

void describe('node conditions', () => {
  const byType = (cs: ReturnType<typeof computeNodeConditions>) => Object.fromEntries(cs.map((c) => [c.type, c.status]));

  void it('is Ready without pressure on a healthy host', () => {
    assert.deepEqual(byType(computeNodeConditions(healthy, [], T0)), { MemoryPressure: 'False', DiskPressure: 'False', PIDPressure: 'False', Ready: 'True' });
  });

  const cases: Array<[string, Partial<HostReadings>, string]> = [
    ['free memory under 100 MiB', { freeMemoryBytes: 99 * 1024 * 1024 }, 'MemoryPressure'],
    ['under 10 % disk free', { freeDiskFraction: 0.05 }, 'DiskPressure'],
    ['under 5 % pids free', { freePidFraction: 0.01 }, 'PIDPressure'],
  ];
  for (const [what, readings, type] of cases) {
    void it(`sets ${type} on ${what}`, () => {
      assert.equal(byType(computeNodeConditions({ ...healthy, ...readings }, [], T0))[type], 'True');
    });
  }

  void it('is not Ready when the runtime does not answer', () => {
    const ready = computeNodeConditions({ ...healthy, runtimeReady: false, runtimeMessage: 'socket closed' }, [], T0).find((c) => c.type === 'Ready')!;
    assert.deepEqual([ready.status, ready.reason, ready.message], ['False', 'KubeletNotReady', 'container runtime is down: socket closed']);
  });

  void it('keeps lastTransitionTime while the status holds and bumps lastHeartbeatTime', () => {
    const first = computeNodeConditions(healthy, [], T0);
    const second = computeNodeConditions(healthy, first, T0 + 10_000);
    const ready = second.find((c) => c.type === 'Ready')!;
    assert.equal(ready.lastTransitionTime, '2026-01-01T00:00:00Z');
    assert.equal(ready.lastHeartbeatTime, '2026-01-01T00:00:10Z');
    const third = computeNodeConditions({ ...healthy, freeMemoryBytes: 0 }, second, T0 + 20_000);
    assert.equal(third.find((c) => c.type === 'MemoryPressure')!.lastTransitionTime, '2026-01-01T00:00:20Z');
  });
});

void describe('node lease', () => {
  void it('formats renewTime as MicroTime', () => {
    assert.equal(microTime(T0), '2026-01-01T00:00:00.000000Z');
    assert.equal(microTime(T0 + 1234), '2026-01-01T00:00:01.234000Z');
  });

  void it('builds kube-node-lease/<node> held by the node and owned by the Node object', () => {
    const lease = buildLease({ nodeName: 'n1', leaseDurationSeconds: 40, now: T0, nodeUid: 'node-uid' });
    assert.equal(lease.metadata.namespace, 'kube-node-lease');
    assert.equal(lease.metadata.name, 'n1');
    assert.deepEqual(lease.spec, { holderIdentity: 'n1', leaseDurationSeconds: 40, renewTime: '2026-01-01T00:00:00.000000Z' });
    assert.equal(lease.metadata.ownerReferences![0].uid, 'node-uid');
  });

  void it('renews an existing lease keeping its resourceVersion', () => {
    const existing = buildLease({ nodeName: 'n1', leaseDurationSeconds: 40, now: T0 });
    existing.metadata.resourceVersion = '7';
    const renewed = buildLease({ nodeName: 'n1', leaseDurationSeconds: 40, now: T0 + 10_000, existing });
    assert.equal(renewed.metadata.resourceVersion, '7');
    assert.equal(renewed.spec.renewTime, '2026-01-01T00:00:10.000000Z');
  });
});
