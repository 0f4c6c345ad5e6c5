import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/api/types.js';
import { hostPortsAnnotation } from '../../../src/agent/pod/host-ports.js';
import {
  HOST_PORTS_ANNOTATION, MANAGED_BY, MANAGED_BY_LABEL, SERVICE_NAME_LABEL, parseHostPorts, reconcileEndpoints, sliceName,
  type EndpointsSnapshot,
} from '../../../src/controllers/endpoints/index.js';
import { aServedPod, aService, podRef } from './endpoints-builders.js';

function decide(service: KubeObject | undefined, pods: KubeObject[], existing: Partial<Pick<EndpointsSnapshot, 'endpoints' | 'slices'>> = {}) {
  return reconcileEndpoints({ namespace: 'default', name: 'web', service, pods, endpoints: existing.endpoints, slices: existing.slices ?? [] });
}

/** The Endpoints and slices a first pass creates. */
function created(service: KubeObject, pods: KubeObject[]) {
  const d = decide(service, pods);
  assert.equal(d.endpoints?.verb, 'create');
  assert.deepEqual(d.updateSlices, []);
  assert.deepEqual(d.deleteSlices, []);
  return { endpoints: d.endpoints!.object as any, slices: d.createSlices as any[], warnings: d.warnings };
}

const addr = (name: string, ip = '10.0.0.1', node = 'node-a') => ({ ip, nodeName: node, targetRef: podRef(name) });

describe('endpoints reconcile: addresses and subsets', () => {
  it('lists ready pods at their host address and host port, one subset per distinct port set', () => {
    const { endpoints, slices } = created(aService(), [
      aServedPod('b', { hostPorts: { 'c/8080/TCP': 31002 } }),
      aServedPod('a', { hostPorts: { 'c/8080/TCP': 31001 } }),
    ]);
    assert.deepEqual(endpoints.metadata, { name: 'web', namespace: 'default', labels: {} });
    assert.deepEqual(endpoints.subsets, [
      { addresses: [addr('a')], ports: [{ name: 'http', port: 31001, protocol: 'TCP' }] },
      { addresses: [addr('b')], ports: [{ name: 'http', port: 31002, protocol: 'TCP' }] },
    ]);
    assert.equal(slices.length, 2);
    assert.deepEqual(slices.map((s) => s.ports), [[{ name: 'http', port: 31001, protocol: 'TCP' }], [{ name: 'http', port: 31002, protocol: 'TCP' }]]);
    const [first] = slices;
    assert.equal(first.apiVersion, 'discovery.k8s.io/v1');
    assert.equal(first.addressType, 'IPv4');
    assert.match(first.metadata.name!, /^web-[0-9a-f]{10}$/);
    assert.notEqual(slices[0].metadata.name, slices[1].metadata.name);
    assert.deepEqual(first.metadata.labels, { [SERVICE_NAME_LABEL]: 'web', [MANAGED_BY_LABEL]: MANAGED_BY });
    assert.deepEqual(first.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'svc-uid-web', controller: true, blockOwnerDeletion: true }]);
    assert.deepEqual(first.endpoints, [{
      addresses: ['10.0.0.1'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'node-a', targetRef: podRef('a'),
    }]);
  });

  it('groups pods on different hosts that share a host port into one subset and one slice', () => {
    const { endpoints, slices } = created(aService(), [
      aServedPod('x', { ip: '10.0.0.2', node: 'node-b' }),
      aServedPod('y', { ip: '10.0.0.1', node: 'node-a' }),
    ]);
    assert.deepEqual(endpoints.subsets, [{ addresses: [addr('y'), addr('x', '10.0.0.2', 'node-b')], ports: [{ name: 'http', port: 31000, protocol: 'TCP' }] }]);
    assert.equal(slices.length, 1);
    assert.deepEqual(slices[0].endpoints.map((e: any) => e.addresses[0]), ['10.0.0.1', '10.0.0.2']);
  });

  it('puts not-ready pods in notReadyAddresses and marks them not ready and not serving in the slice', () => {
    const { endpoints, slices } = created(aService(), [aServedPod('up'), aServedPod('down', { ready: false, ip: '10.0.0.2', node: 'node-b' })]);
    assert.deepEqual(endpoints.subsets, [{
      addresses: [addr('up')], notReadyAddresses: [addr('down', '10.0.0.2', 'node-b')], ports: [{ name: 'http', port: 31000, protocol: 'TCP' }],
    }]);
    const down = slices[0].endpoints.find((e: any) => e.targetRef.name === 'down');
    assert.deepEqual(down.conditions, { ready: false, serving: false, terminating: false });
  });

  it('leaves terminating pods out of Endpoints but lists them in the slice as terminating (serving = readiness)', () => {
    const { endpoints, slices } = created(aService(), [
      aServedPod('going', { deleting: true, hostPorts: { 'c/8080/TCP': 31001 } }),
      aServedPod('going-unready', { deleting: true, ready: false, hostPorts: { 'c/8080/TCP': 31002 } }),
    ]);
    assert.deepEqual(endpoints.subsets, []);
    assert.deepEqual(slices.map((s) => s.endpoints[0].conditions), [
      { ready: false, serving: true, terminating: true },
      { ready: false, serving: false, terminating: true },
    ]);
  });

  it('publishNotReadyAddresses lists not-ready and terminating pods as ready addresses', () => {
    const { endpoints, slices } = created(aService({ publishNotReady: true }), [
      aServedPod('down', { ready: false }), aServedPod('going', { deleting: true, ip: '10.0.0.2', node: 'node-b' }),
    ]);
    assert.deepEqual(endpoints.subsets, [{ addresses: [addr('down'), addr('going', '10.0.0.2', 'node-b')], ports: [{ name: 'http', port: 31000, protocol: 'TCP' }] }]);
    assert.deepEqual(slices[0].endpoints.map((e: any) => e.conditions), [
      { ready: true, serving: false, terminating: false },
      { ready: true, serving: true, terminating: true },
    ]);
  });

  it('skips pods without a published port for the target, terminal pods, unselected pods and other namespaces', () => {
    const other = aServedPod('other-ns');
    other.metadata.namespace = 'team';
    const { endpoints, slices } = created(aService(), [
      aServedPod('no-mapping', { hostPorts: null }),
      aServedPod('wrong-port', { hostPorts: { 'c/9999/TCP': 31005 } }),
      aServedPod('garbage', { rawAnnotation: 'not json' }),
      aServedPod('done', { phase: 'Succeeded' }),
      aServedPod('failed', { phase: 'Failed' }),
      aServedPod('unselected', { labels: { app: 'db' } }),
      other,
    ]);
    assert.deepEqual(endpoints.subsets, []);
    assert.equal(slices.length, 1, 'a placeholder slice');
    assert.deepEqual(slices[0].endpoints, []);
    assert.deepEqual(slices[0].ports, []);
  });
});

describe('endpoints reconcile: ports', () => {
  it('resolves a named targetPort per pod through each pod\'s own container port', () => {
    const service = aService({ ports: [{ name: 'web', port: 80, protocol: 'TCP', targetPort: 'http' }] });
    const { endpoints, warnings } = created(service, [
      aServedPod('a', { hostPorts: { 'c/8080/TCP': 31001 } }),
      aServedPod('b', { containers: [{ name: 'main', ports: [{ name: 'http', containerPort: 9090 }] }], hostPorts: { 'main/9090/TCP': 31002 } }),
      aServedPod('nameless', { containers: [{ name: 'c', ports: [{ containerPort: 8080 }] }] }),
    ]);
    assert.deepEqual(endpoints.subsets, [
      { addresses: [addr('a')], ports: [{ name: 'web', port: 31001, protocol: 'TCP' }] },
      { addresses: [addr('b')], ports: [{ name: 'web', port: 31002, protocol: 'TCP' }] },
    ]);
    assert.deepEqual(warnings, [], 'some pods do have the port');
  });

  it('warns when no selected pod has the named targetPort, and lists no endpoints for it', () => {
    const service = aService({ ports: [{ name: 'web', port: 80, protocol: 'TCP', targetPort: 'grpc' }] });
    const { endpoints, warnings } = created(service, [aServedPod('a'), aServedPod('b')]);
    assert.deepEqual(endpoints.subsets, []);
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].reason, 'FailedToResolveTargetPort');
    assert.match(warnings[0].message, /"grpc"/);
    assert.deepEqual(created(service, []).warnings, [], 'nothing to warn about without pods');
  });

  it('serves several ports, and a pod publishing only some of them lands in its own subset', () => {
    const service = aService({ ports: [
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 },
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 5353, appProtocol: 'dns' },
    ] });
    const containers = [{ name: 'c', ports: [{ containerPort: 8080 }, { containerPort: 5353, protocol: 'UDP' }] }];
    const { endpoints, slices } = created(service, [
      aServedPod('both', { containers, hostPorts: { 'c/8080/TCP': 31001, 'c/5353/UDP': 31002 } }),
      aServedPod('http-only', { containers, hostPorts: { 'c/8080/TCP': 31003 }, ip: '10.0.0.2', node: 'node-b' }),
    ]);
    assert.deepEqual(endpoints.subsets, [
      { addresses: [addr('both')], ports: [{ name: 'dns', port: 31002, protocol: 'UDP', appProtocol: 'dns' }, { name: 'http', port: 31001, protocol: 'TCP' }] },
      { addresses: [addr('http-only', '10.0.0.2', 'node-b')], ports: [{ name: 'http', port: 31003, protocol: 'TCP' }] },
    ]);
    assert.deepEqual(slices.map((s) => s.ports.length).sort(), [1, 2]);
  });

  it('uses the node address for ports published on all addresses, and port defaults from the service port', () => {
    const service = aService({ ports: [{ port: 8080 }] });
    const pod = aServedPod('a', { rawAnnotation: JSON.stringify({ 'c/8080/TCP': '0.0.0.0:32000' }), ip: '10.0.0.7' });
    const { endpoints } = created(service, [pod]);
    assert.deepEqual(endpoints.subsets, [{ addresses: [addr('a', '10.0.0.7')], ports: [{ port: 32000, protocol: 'TCP' }] }]);
  });

  it('reads what the agent writes', () => {
    const value = hostPortsAnnotation([
      ['web', { ports: [{ containerPort: 8080, protocol: 'TCP', hostIP: '10.0.0.3', hostPort: 40001 }, { containerPort: 9, protocol: 'UDP', hostIP: '10.0.0.3', hostPort: 0 }] }],
      ['side', { ports: [{ containerPort: 53, protocol: 'UDP', hostIP: '10.0.0.3', hostPort: 40002 }] }],
    ]);
    assert.equal(value, '{"side/53/UDP":"10.0.0.3:40002","web/8080/TCP":"10.0.0.3:40001"}');
    const pod = aServedPod('a', { rawAnnotation: value });
    assert.deepEqual([...parseHostPorts(pod)], [['side/53/UDP', { ip: '10.0.0.3', port: 40002 }], ['web/8080/TCP', { ip: '10.0.0.3', port: 40001 }]]);
    assert.equal(hostPortsAnnotation([['web', { ports: [] }]]), undefined);
    assert.equal(pod.metadata.annotations?.[HOST_PORTS_ANNOTATION], value);
  });
});

describe('endpoints reconcile: writes', () => {
  const stored = (o: KubeObject, rv = '77'): KubeObject => ({ ...structuredClone(o), metadata: { ...structuredClone(o.metadata), resourceVersion: rv, uid: `stored-${o.metadata.name}` } });

  it('proposes nothing when what exists already matches (metadata differences ignored)', () => {
    const service = aService({ labels: { team: 'blue' } });
    const pods = [aServedPod('a'), aServedPod('b', { ready: false, hostPorts: { 'c/8080/TCP': 31009 } })];
    const first = created(service, pods);
    const d = decide(service, pods, { endpoints: stored(first.endpoints), slices: first.slices.map((s) => stored(s)) });
    assert.equal(d.endpoints, undefined);
    assert.deepEqual([d.createSlices, d.updateSlices, d.deleteSlices], [[], [], []]);
    assert.equal(first.endpoints.metadata.labels?.team, 'blue');
  });

  it('updates changed objects and deletes slices of port sets no pod has any more', () => {
    const service = aService();
    const before = created(service, [aServedPod('a', { hostPorts: { 'c/8080/TCP': 31001 } }), aServedPod('b', { hostPorts: { 'c/8080/TCP': 31002 } })]);
    const existing = { endpoints: stored(before.endpoints), slices: before.slices.map((s) => stored(s)) };
    const d = decide(service, [aServedPod('a', { hostPorts: { 'c/8080/TCP': 31001 }, ready: false })], existing);
    assert.equal(d.endpoints?.verb, 'update');
    assert.equal(d.endpoints?.object.metadata.uid, 'stored-web', 'the stored object is updated');
    assert.deepEqual((d.endpoints?.object as any).subsets, [{ notReadyAddresses: [addr('a')], ports: [{ name: 'http', port: 31001, protocol: 'TCP' }] }]);
    assert.deepEqual(d.updateSlices.map((s: any) => s.endpoints[0].conditions.ready), [false]);
    assert.deepEqual(d.deleteSlices.map((s) => s.metadata.name), [before.slices[1].metadata.name]);
    assert.deepEqual(d.createSlices, []);
  });

  it('names slices by port set, so a port set keeps its slice', () => {
    const service = aService();
    const one = created(service, [aServedPod('a')]).slices[0].metadata.name;
    const two = created(service, [aServedPod('b', { ip: '10.0.0.9' })]).slices[0].metadata.name;
    assert.equal(one, two);
    assert.equal(one, sliceName(service, '[["http",31000,"TCP",""]]'));
  });

  it('leaves Services without a selector (and ExternalName) and their Endpoints alone', () => {
    const userEndpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default' }, subsets: [{ addresses: [{ ip: '1.2.3.4' }] }] };
    for (const service of [aService({ selector: null }), aService({ selector: {} }), aService({ type: 'ExternalName' })]) {
      const d = decide(service, [aServedPod('a')], { endpoints: userEndpoints });
      assert.equal(d.unmanaged, true);
      assert.equal(d.endpoints, undefined);
      assert.deepEqual([d.createSlices, d.updateSlices, d.deleteSlices], [[], [], []]);
    }
  });

  it('deletes the Endpoints and slices of a deleted Service', () => {
    const before = created(aService(), [aServedPod('a')]);
    const d = decide(undefined, [aServedPod('a')], { endpoints: stored(before.endpoints), slices: before.slices.map((s) => stored(s)) });
    assert.equal(d.endpoints?.verb, 'delete');
    assert.equal(d.deleteSlices.length, 1);
    assert.equal(decide(undefined, []).endpoints, undefined);
  });

  it('marks headless Services and lists pods of a port-less headless Service at their node address', () => {
    const pod = aServedPod('a', { hostPorts: null });
    pod.spec.hostname = 'a-host';
    pod.spec.subdomain = 'web';
    const { endpoints, slices } = created(aService({ headless: true, ports: [] }), [pod]);
    assert.deepEqual(endpoints.metadata.labels, { 'service.kubernetes.io/headless': '' });
    assert.deepEqual(endpoints.subsets, [{ addresses: [{ ip: '10.0.0.1', hostname: 'a-host', nodeName: 'node-a', targetRef: podRef('a') }] }]);
    assert.equal(slices[0].endpoints[0].hostname, 'a-host');
  });
});
