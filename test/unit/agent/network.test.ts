import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import type { KubeObject } from '../../../src/api/types.js';
import { createFakeClient } from '../../../src/client/index.js';
import { resourceByKind } from '../../../src/api/resources.js';
import {
  createServiceSync, localRouteArgs, makeRangeLocal, podDns, proxyEntry, startNodeNetwork, withPodDns, type ObjectSource,
} from '../../../src/agent/network/index.js';
import type { ServiceTable } from '../../../src/net/index.js';
import type { ContainerSpec, Runtime } from '../../../src/agent/runtime/runtime.js';
import { containerLabels } from '../../../src/agent/runtime/labels.js';
import { silentLogger } from '../../../src/agent/logger.js';
import { aService, aSlice } from '../net/fixtures.js';
import { httpGet, startHttpBackend, until } from '../net/sockets.js';

const settings = { serviceCIDR: '10.43.0.0/16', clusterDNS: '10.43.0.10', clusterDomain: 'cluster.local' };

/** An ObjectSource over a plain array, with a revision the test moves like a watch would. */
function aSource(objects: KubeObject[] = [], revision = '1') {
  const listeners: Array<() => void> = [];
  const state = { objects, revision };
  const source: ObjectSource = {
    list: () => state.objects,
    subscribe: (fn) => { listeners.push(fn); },
    resourceVersion: () => state.revision,
  };
  return {
    source,
    change(objects: KubeObject[], revision: string) {
      state.objects = objects;
      state.revision = revision;
      for (const fn of listeners) fn();
    },
  };
}

void describe('service sync: informers → table → proxy', () => {
  void it('applies the table built from Services and EndpointSlices and acknowledges the slice revision', async () => {
    const services = aSource([aService({ name: 'web', clusterIP: '10.43.0.5' })], '7');
    const slices = aSource([aSlice({ service: 'web', ports: [{ name: 'http', port: 31000 }], endpoints: [{ ip: '127.0.0.1' }] })], '5');
    const applied: ServiceTable[] = [];
    const sync = createServiceSync({ services: services.source, endpointSlices: slices.source, apply: async (t) => { applied.push(t); }, logger: silentLogger });
    assert.equal(sync.appliedRevision(), undefined);
    await sync.start();
    assert.equal(applied.length, 1);
    assert.deepEqual(applied[0].get('default/web')?.ports[0].endpoints.map((e) => `${e.ip}:${e.port}`), ['127.0.0.1:31000']);
    // The slice informer's revision, not the (newer) Service one: see service-sync.ts.
    assert.equal(sync.appliedRevision(), '5');
  });

  void it('coalesces a burst of changes into one more sync that sees the last state', async () => {
    const services = aSource([aService({ name: 'web', clusterIP: '10.43.0.5' })]);
    const slices = aSource([], '1');
    const applied: ServiceTable[] = [];
    const sync = createServiceSync({ services: services.source, endpointSlices: slices.source, apply: async (t) => { applied.push(t); }, logger: silentLogger });
    await sync.start();
    for (let i = 2; i <= 6; i++) slices.change([aSlice({ service: 'web', ports: [{ name: 'http', port: 31000 + i }], endpoints: [{ ip: '127.0.0.1' }] })], String(i));
    await sync.idle();
    assert.ok(applied.length <= 3, `expected coalescing, got ${applied.length} syncs`);
    assert.deepEqual(applied.at(-1)?.get('default/web')?.ports[0].endpoints.map((e) => e.port), [31006]);
    assert.equal(sync.appliedRevision(), '6');
  });

  void it('does not acknowledge a revision whose sync failed', async () => {
    const services = aSource([]);
    const slices = aSource([], '3');
    let fail = false;
    const sync = createServiceSync({ services: services.source, endpointSlices: slices.source, apply: async () => { if (fail) throw new Error('boom'); }, logger: silentLogger });
    await sync.start();
    fail = true;
    slices.change([], '4');
    await sync.idle();
    assert.equal(sync.appliedRevision(), '3');
  });

  void it('keeps filtered entries in the DNS table but not in the proxy table', async () => {
    const services = aSource([aService({ name: 'kube-dns', namespace: 'kube-system', clusterIP: '10.43.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] }), aService({ name: 'web', clusterIP: '10.43.0.5' })]);
    const applied: ServiceTable[] = [];
    const sync = createServiceSync({
      services: services.source, endpointSlices: aSource().source, apply: async (t) => { applied.push(t); }, logger: silentLogger,
      proxyFilter: (entry) => proxyEntry(entry, settings, true),
    });
    await sync.start();
    assert.deepEqual([...applied[0].keys()], ['default/web']);
    assert.deepEqual([...sync.table().keys()].sort(), ['default/web', 'kube-system/kube-dns']);
  });
});

void describe('proxyEntry', () => {
  const entry = { namespace: 'default', name: 'web', clusterIP: '10.43.0.5', type: 'NodePort' as const, ports: [], sessionAffinity: 'None' as const, sessionAffinityTimeoutSeconds: 0, headless: false, addresses: [] };
  void it('serves ClusterIPs when the range is local', () => {
    assert.equal(proxyEntry(entry, settings, true)?.clusterIP, '10.43.0.5');
  });
  void it('drops ClusterIPs (keeping NodePorts) when the range could not be made local', () => {
    const kept = proxyEntry(entry, settings, false);
    assert.ok(kept);
    assert.equal(kept.clusterIP, undefined);
    assert.equal(kept.type, 'NodePort');
  });
  void it('never proxies the cluster DNS address (the DNS server binds it)', () => {
    assert.equal(proxyEntry({ ...entry, clusterIP: '10.43.0.10' }, settings, true), undefined);
  });
});

void describe('pod DNS (dnsPolicy → container resolver)', () => {
  void it('ClusterFirst (the default) uses the cluster DNS with the namespace search path and ndots:5', () => {
    assert.deepEqual(podDns({ namespace: 'shop' }, settings), {
      nameservers: ['10.43.0.10'], searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: ['ndots:5'],
    });
  });
  void it('ClusterFirst merges dnsConfig, whose options override by name', () => {
    const dns = podDns({ namespace: 'a', dnsPolicy: 'ClusterFirst', dnsConfig: { nameservers: ['1.1.1.1'], searches: ['corp'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } }, settings);
    assert.deepEqual(dns, { nameservers: ['10.43.0.10', '1.1.1.1'], searches: ['a.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'corp'], options: ['ndots:2', 'edns0'] });
  });
  void it('Default keeps the host resolver', () => {
    assert.equal(podDns({ namespace: 'a', dnsPolicy: 'Default' }, settings), undefined);
  });
  void it('None uses exactly dnsConfig', () => {
    assert.deepEqual(podDns({ namespace: 'a', dnsPolicy: 'None', dnsConfig: { nameservers: ['9.9.9.9'], searches: ['x'] } }, settings), { nameservers: ['9.9.9.9'], searches: ['x'], options: [] });
  });
  void it('falls back to the host resolver when the DNS is loopback (useless inside a container) or unknown', () => {
    assert.equal(podDns({ namespace: 'a' }, { ...settings, serviceCIDR: '127.10.0.0/16', clusterDNS: '127.10.0.10' }), undefined);
    assert.equal(podDns({ namespace: 'a' }, undefined), undefined);
  });
});

void describe('withPodDns runtime wrapper', () => {
  class RecordingRuntime {
    created: ContainerSpec[] = [];
    #closed = false; // a private field: the wrapper must call methods with the real `this`
    async create(spec: ContainerSpec) { this.created.push(spec); return { ok: true as const, value: { id: 'c1' } }; }
    async close() { this.#closed = true; }
    isClosed() { return this.#closed; }
  }
  const spec = (labels: Record<string, string>): ContainerSpec => ({ name: 'c', image: 'i', imagePullPolicy: 'IfNotPresent', env: {}, ports: [], mounts: [], labels });

  void it('adds the resolver of the container’s pod and passes other calls through', async () => {
    const inner = new RecordingRuntime();
    const asked: string[] = [];
    const runtime = withPodDns(inner as unknown as Runtime, async (ns, name) => {
      asked.push(`${ns}/${name}`);
      return { nameservers: ['10.43.0.10'], searches: [`${ns}.svc.cluster.local`], options: ['ndots:5'] };
    });
    await runtime.create(spec(containerLabels({ podUid: 'u', podName: 'web-1', podNamespace: 'shop', containerName: 'app', attempt: 0 })));
    await runtime.close();
    assert.deepEqual(asked, ['shop/web-1']);
    assert.deepEqual(inner.created[0].dns?.nameservers, ['10.43.0.10']);
    assert.equal(inner.isClosed(), true);
  });

  void it('leaves containers without pod labels and explicit dns alone', async () => {
    const inner = new RecordingRuntime();
    const runtime = withPodDns(inner as unknown as Runtime, async () => ({ nameservers: ['x'], searches: [] }));
    await runtime.create(spec({}));
    await runtime.create({ ...spec(containerLabels({ podUid: 'u', podName: 'p', podNamespace: 'n', containerName: 'c', attempt: 0 })), dns: { nameservers: ['own'], searches: [] } });
    assert.equal(inner.created[0].dns, undefined);
    assert.deepEqual(inner.created[1].dns?.nameservers, ['own']);
  });
});

void describe('making the service range local', () => {
  void it('runs `ip route replace local <cidr> dev lo` for a non-loopback range', async () => {
    const calls: string[] = [];
    const outcome = await makeRangeLocal('10.43.0.0/16', async (cmd, args) => { calls.push([cmd, ...args].join(' ')); return { code: 0, stderr: '' }; });
    assert.deepEqual(outcome, { ok: true, changed: true });
    assert.deepEqual(calls, ['ip route replace local 10.43.0.0/16 dev lo']);
    assert.deepEqual(localRouteArgs('10.1.0.0/16'), ['route', 'replace', 'local', '10.1.0.0/16', 'dev', 'lo']);
  });
  void it('needs nothing for a loopback range', async () => {
    const outcome = await makeRangeLocal('127.10.0.0/16', async () => { throw new Error('must not run'); });
    assert.deepEqual(outcome, { ok: true, changed: false });
  });
  void it('returns a failure (not root) as a value', async () => {
    const outcome = await makeRangeLocal('10.43.0.0/16', async () => ({ code: 2, stderr: 'RTNETLINK answers: Operation not permitted' }));
    assert.equal(outcome.ok, false);
    assert.match((outcome as { message: string }).message, /Operation not permitted/);
  });
});

void describe('startNodeNetwork with a fake API (loopback range, real sockets)', () => {
  void it('serves ClusterIP and DNS from the informers, follows endpoint changes and acknowledges them', async (t) => {
    const second = 100 + Math.floor(Math.random() * 100);
    const net = { serviceCIDR: `127.${second}.0.0/16`, clusterDNS: `127.${second}.0.10`, clusterDomain: 'cluster.local' };
    const clusterIP = `127.${second}.3.4`;
    const backend = await startHttpBackend(t, 'pod-a');
    const client = createFakeClient([
      aService({ name: 'web', clusterIP, ports: [{ name: 'http', port: 8080 }] }),
      aSlice({ service: 'web', ports: [{ name: 'http', port: backend.port }], endpoints: [{ ip: '127.0.0.1', pod: 'pod-a' }] }),
    ]);
    const network = startNodeNetwork({ client, nodeName: 'n1', nodeAddress: '127.0.0.1', settings: net, dnsPort: 0, dnsUpstream: [], logger: silentLogger });
    t.after(() => network.close());
    await network.ready;
    assert.equal(await httpGet(clusterIP, 8080), 'pod-a');
    const first = network.appliedRevision();
    assert.ok(first !== undefined && first !== '');

    // The endpoint goes not-ready: after the next acknowledged revision, new connections are refused.
    const slices = resourceByKind('discovery.k8s.io/v1', 'EndpointSlice')!;
    const slice = client.peek(slices, 'default', 'web-abc')!;
    const updated = await client.update(slices, { ...slice, endpoints: [{ ...(slice.endpoints as object[])[0], conditions: { ready: false } }] });
    await until(() => Number(network.appliedRevision()) >= Number(updated.metadata.resourceVersion), 'the update to be applied');
    await assert.rejects(httpGet(clusterIP, 8080), /ECONNRESET|socket hang up/);
    assert.equal(network.settings()?.clusterDNS, net.clusterDNS);
  });

  void it('answers cluster names on the DNS address', async (t) => {
    const second = 100 + Math.floor(Math.random() * 100);
    const net = { serviceCIDR: `127.${second}.0.0/16`, clusterDNS: `127.${second}.0.10`, clusterDomain: 'cluster.local' };
    const client = createFakeClient([aService({ name: 'web', clusterIP: `127.${second}.9.9` })]);
    // A random high port: node's Resolver needs to know it, and 53 needs root and is shared.
    const port = 20000 + Math.floor(Math.random() * 20000);
    const network = startNodeNetwork({ client, nodeName: 'n1', nodeAddress: '127.0.0.1', settings: net, dnsPort: port, dnsUpstream: [], logger: silentLogger });
    t.after(() => network.close());
    await network.ready;
    const resolver = new Resolver({ timeout: 1000, tries: 3 });
    resolver.setServers([`${net.clusterDNS}:${port}`]);
    const addresses = await resolver.resolve4('web.default.svc.cluster.local');
    assert.deepEqual(addresses, [`127.${second}.9.9`]);
    await assert.rejects(resolver.resolve4('nope.default.svc.cluster.local'), /ENOTFOUND/);
  });
});

void describe('service sync acknowledgement while idle', () => {
  void it('moves forward with the informer’s revision (BOOKMARKs) when nothing is pending', async () => {
    const slices = aSource([], '4');
    const sync = createServiceSync({ services: aSource().source, endpointSlices: slices.source, apply: async () => undefined, logger: silentLogger });
    await sync.start();
    assert.equal(sync.appliedRevision(), '4');
    // A bookmark: the revision moves, the cache does not, no handler runs.
    (slices.source as { resourceVersion: () => string }).resourceVersion = () => '9';
    assert.equal(sync.appliedRevision(), '9');
  });
});
