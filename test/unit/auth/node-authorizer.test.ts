import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createNodeAuthorizer, decideNodeRequest, PodGraph, podReferences } from '../../../src/auth/index.js';
import type { RequestAttributes } from '../../../src/apiserver/types.js';
import { openMemoryStore } from '../../../src/store/index.js';
import { aPod, bootstrapper, nodeUserInfo, pathRequest, resourceRequest } from './builders.js';

const n1 = nodeUserInfo('n1');
const someone = { user: 'alice', groups: ['system:authenticated'] };

function graph(): PodGraph {
  const g = new PodGraph();
  g.put('/registry/core/pods/default/web', aPod({
    name: 'web', node: 'n1',
    spec: {
      serviceAccountName: 'builder',
      volumes: [
        { name: 'a', secret: { secretName: 'vol-secret' } }, { name: 'b', configMap: { name: 'vol-cm' } },
        { name: 'c', persistentVolumeClaim: { claimName: 'data' } },
        { name: 'd', projected: { sources: [{ secret: { name: 'proj-secret' } }, { configMap: { name: 'proj-cm' } }] } },
      ],
      containers: [{
        name: 'c', image: 'x',
        env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'env-secret', key: 'k' } } }, { name: 'B', valueFrom: { configMapKeyRef: { name: 'env-cm', key: 'k' } } }],
        envFrom: [{ secretRef: { name: 'from-secret' } }, { configMapRef: { name: 'from-cm' } }],
      }],
      initContainers: [{ name: 'i', image: 'x', envFrom: [{ secretRef: { name: 'init-secret' } }] }],
      imagePullSecrets: [{ name: 'pull' }],
    },
  }));
  g.put('/registry/core/pods/default/other', aPod({ name: 'other', node: 'n2', spec: { volumes: [{ name: 'a', secret: { secretName: 'n2-secret' } }] } }));
  const localVolume = (name: string, node: string) => ({
    apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name },
    spec: { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } } },
  });
  g.putVolume('/registry/core/persistentvolumes/pv-n1', localVolume('pv-n1', 'n1'));
  g.putVolume('/registry/core/persistentvolumes/pv-n2', localVolume('pv-n2', 'n2'));
  g.put('/registry/core/pods/default/pending', aPod({ name: 'pending', spec: { volumes: [{ name: 'a', secret: { secretName: 'pending-secret' } }] } }));
  return g;
}

type Row = [string, RequestAttributes, boolean];

const get = (resource: string, name: string, namespace = 'default') => resourceRequest(n1, 'get', resource, { namespace, name });

const table: Row[] = [
  // Reads every agent needs
  ['lists pods of all namespaces', resourceRequest(n1, 'list', 'pods'), true],
  ['watches nodes', resourceRequest(n1, 'watch', 'nodes'), true],
  ['lists services', resourceRequest(n1, 'list', 'services'), true],
  ['lists endpointslices', resourceRequest(n1, 'list', 'endpointslices', { apiGroup: 'discovery.k8s.io' }), true],
  ['gets a namespace', resourceRequest(n1, 'get', 'namespaces', { name: 'default' }), true],
  ['reads the heartbeat ConfigMap in kube-node-lease', get('configmaps', 'tugboat-heartbeat', 'kube-node-lease'), true],
  ['lists leases in kube-node-lease', resourceRequest(n1, 'list', 'leases', { apiGroup: 'coordination.k8s.io', namespace: 'kube-node-lease' }), true],
  ['reads the network settings ConfigMap', get('configmaps', 'tugboat-network', 'kube-system'), true],
  ['cannot read other kube-system ConfigMaps', get('configmaps', 'cluster-secrets', 'kube-system'), false],
  ['cannot list secrets', resourceRequest(n1, 'list', 'secrets'), false],
  ['cannot list configmaps outside kube-node-lease', resourceRequest(n1, 'list', 'configmaps', { namespace: 'default' }), false],
  ['cannot read leases elsewhere', resourceRequest(n1, 'get', 'leases', { apiGroup: 'coordination.k8s.io', namespace: 'kube-system', name: 'x' }), false],
  // Its own Node and Lease
  ['creates a Node (the name is in the body)', resourceRequest(n1, 'create', 'nodes'), true],
  ['patches its own Node', resourceRequest(n1, 'patch', 'nodes', { name: 'n1' }), true],
  ['updates its own nodes/status', resourceRequest(n1, 'update', 'nodes', { name: 'n1', subresource: 'status' }), true],
  ['cannot patch another Node', resourceRequest(n1, 'patch', 'nodes', { name: 'n2' }), false],
  ['cannot patch another nodes/status', resourceRequest(n1, 'patch', 'nodes', { name: 'n2', subresource: 'status' }), false],
  ['cannot delete its own Node', resourceRequest(n1, 'delete', 'nodes', { name: 'n1' }), false],
  ['creates its Lease', resourceRequest(n1, 'create', 'leases', { apiGroup: 'coordination.k8s.io', namespace: 'kube-node-lease' }), true],
  ['updates its own Lease', resourceRequest(n1, 'update', 'leases', { apiGroup: 'coordination.k8s.io', namespace: 'kube-node-lease', name: 'n1' }), true],
  ['deletes its own Lease', resourceRequest(n1, 'delete', 'leases', { apiGroup: 'coordination.k8s.io', namespace: 'kube-node-lease', name: 'n1' }), true],
  ['cannot update another Lease', resourceRequest(n1, 'update', 'leases', { apiGroup: 'coordination.k8s.io', namespace: 'kube-node-lease', name: 'n2' }), false],
  // What its pods reference
  ...['vol-secret', 'proj-secret', 'env-secret', 'from-secret', 'init-secret', 'pull', 'builder-token'].map((name): Row => [`gets Secret ${name} its pod references`, get('secrets', name), true]),
  ...['vol-cm', 'proj-cm', 'env-cm', 'from-cm'].map((name): Row => [`gets ConfigMap ${name} its pod references`, get('configmaps', name), true]),
  ['gets the claim its pod references', get('persistentvolumeclaims', 'data'), true],
  ['cannot get a Secret only another node\'s pod references', get('secrets', 'n2-secret'), false],
  ['cannot get a Secret only an unbound pod references', get('secrets', 'pending-secret'), false],
  ['cannot get a referenced name in another namespace', get('secrets', 'vol-secret', 'other'), false],
  ['cannot get an unreferenced Secret', get('secrets', 'tug-node-n2', 'kube-system'), false],
  ['cannot update a referenced Secret', resourceRequest(n1, 'update', 'secrets', { namespace: 'default', name: 'vol-secret' }), false],
  // Local volumes on it (the agent drops the cleanup finalizer)
  ['updates a local PersistentVolume on it', resourceRequest(n1, 'update', 'persistentvolumes', { name: 'pv-n1' }), true],
  ['cannot update a local PersistentVolume elsewhere', resourceRequest(n1, 'update', 'persistentvolumes', { name: 'pv-n2' }), false],
  ['cannot delete a local PersistentVolume on it', resourceRequest(n1, 'delete', 'persistentvolumes', { name: 'pv-n1' }), false],
  // Its pods
  ['patches pods/status of its pod', resourceRequest(n1, 'patch', 'pods', { namespace: 'default', name: 'web', subresource: 'status' }), true],
  ['updates pods/status of its pod', resourceRequest(n1, 'update', 'pods', { namespace: 'default', name: 'web', subresource: 'status' }), true],
  ['deletes its pod', resourceRequest(n1, 'delete', 'pods', { namespace: 'default', name: 'web' }), true],
  ['cannot patch another node\'s pod status', resourceRequest(n1, 'patch', 'pods', { namespace: 'default', name: 'other', subresource: 'status' }), false],
  ['cannot delete another node\'s pod', resourceRequest(n1, 'delete', 'pods', { namespace: 'default', name: 'other' }), false],
  ['cannot create pods', resourceRequest(n1, 'create', 'pods', { namespace: 'default' }), false],
  ['cannot evict pods', resourceRequest(n1, 'create', 'pods', { namespace: 'default', name: 'web', subresource: 'eviction' }), false],
  // Events
  ['creates Events', resourceRequest(n1, 'create', 'events', { namespace: 'default' }), true],
  ['patches Events', resourceRequest(n1, 'patch', 'events', { namespace: 'default', name: 'e' }), true],
  ['cannot delete Events', resourceRequest(n1, 'delete', 'events', { namespace: 'default', name: 'e' }), false],
  // Non-resource paths
  ['reads discovery', pathRequest(n1, 'get', '/apis/apps/v1'), true],
  ['cannot join', pathRequest(n1, 'post', '/tugboat/v1/join'), false],
  // Bootstrappers and everyone else
  ['a bootstrapper may join', pathRequest(bootstrapper, 'post', '/tugboat/v1/join'), true],
  ['a bootstrapper may read /cacerts', pathRequest(bootstrapper, 'get', '/cacerts'), true],
  ['a bootstrapper may not list pods', resourceRequest(bootstrapper, 'list', 'pods'), false],
  ['a bootstrapper may not read discovery', pathRequest(bootstrapper, 'get', '/apis'), false],
  ['other users get no opinion', resourceRequest(someone, 'list', 'pods'), false],
  ['a node-named user outside system:nodes gets no opinion', resourceRequest({ user: 'system:node:n1', groups: [] }, 'list', 'pods'), false],
];

void describe('node authorizer decisions', () => {
  for (const [name, attributes, allowed] of table) {
    void it(name, () => {
      assert.equal(decideNodeRequest(attributes, graph()).allowed, allowed);
    });
  }

  void it('gives no opinion (empty reason) outside its domain, and names the node when the graph says no', () => {
    assert.deepEqual(decideNodeRequest(resourceRequest(someone, 'list', 'pods'), graph()), { allowed: false, reason: '', graphDependent: false });
    const denied = decideNodeRequest(get('secrets', 'n2-secret'), graph());
    assert.equal(denied.allowed, false);
    assert.ok(!denied.allowed && denied.graphDependent && /node 'n1'/.test(denied.reason));
  });

  void it('forgets a pod once it is removed', () => {
    const g = graph();
    g.remove('/registry/core/pods/default/web');
    assert.equal(decideNodeRequest(get('secrets', 'vol-secret'), g).allowed, false);
  });

  void it('defaults the ServiceAccount to "default"', () => {
    assert.ok(podReferences(aPod({ name: 'p' })).secrets.has('default-token'));
  });

  void it('follows pods bound after it started, through the store watch', async (t) => {
    const store = await openMemoryStore();
    const authorizer = createNodeAuthorizer({ store, catchUpMs: 2_000 });
    t.after(async () => { authorizer.close(); await store.close(); });
    await authorizer.ready;
    const impatient = createNodeAuthorizer({ store, catchUpMs: 0 });
    t.after(() => impatient.close());
    await impatient.ready;
    const request = get('secrets', 'late');
    assert.equal((await impatient.authorize(request)).allowed, false);
    // Bound while the request waits: the authorizer catches up instead of refusing.
    const decision = authorizer.authorize(request);
    await store.create('/registry/core/pods/default/late', JSON.stringify(aPod({ name: 'late', node: 'n1', spec: { volumes: [{ name: 'v', secret: { secretName: 'late' } }] } })));
    assert.deepEqual(await decision, { allowed: true });
  });
});
