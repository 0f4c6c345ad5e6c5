import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch, listStrategy } from '../../../src/api/patch/index.js';

function smp(target: unknown, patch: unknown, kind = 'Deployment'): unknown {
  const out = applyPatch(target, patch, 'strategic', kind);
  assert.ok(out.ok, out.ok ? '' : out.error.message);
  return out.object;
}

function deployment(containers: unknown[], extra: Record<string, unknown> = {}): any {
  return { metadata: { name: 'web', annotations: { keep: 'me' } }, spec: { replicas: 2, template: { spec: { containers, ...extra } } } };
}

describe('strategic merge patch: what kubectl sends', () => {
  it('set image: merges containers by name and keeps the other containers (§6.5)', () => {
    const live = deployment([{ name: 'nginx', image: 'nginx:1.26', ports: [{ containerPort: 80 }] }, { name: 'side', image: 'busybox' }]);
    const patch = { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'side' }], containers: [{ image: 'nginx:1.27', name: 'nginx' }] } } } };
    assert.deepEqual(smp(live, patch), deployment([{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }, { name: 'side', image: 'busybox' }]));
  });

  it('client-side apply: replaces the last-applied annotation and sets replicas (§6.2)', () => {
    const live = deployment([{ name: 'nginx', image: 'nginx:1.26' }]);
    live.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = '{"old":true}\n';
    const patch = {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"new":true}\n' } },
      spec: { replicas: 3, template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ image: 'nginx:1.26', name: 'nginx' }] } } },
    };
    const out = smp(live, patch) as any;
    assert.equal(out.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'], '{"new":true}\n');
    assert.equal(out.metadata.annotations.keep, 'me');
    assert.equal(out.spec.replicas, 3);
    assert.deepEqual(out.spec.template.spec.containers, [{ name: 'nginx', image: 'nginx:1.26' }]);
  });

  it('rollout restart adds a template annotation (§6.5)', () => {
    const out = smp(deployment([{ name: 'nginx', image: 'x' }]), { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' } } } } }) as any;
    assert.deepEqual(out.spec.template.metadata, { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' } });
  });

  it('rollout pause and resume: true, then null deletes (§6.5)', () => {
    const paused = smp(deployment([]), { spec: { paused: true } }) as any;
    assert.equal(paused.spec.paused, true);
    const resumed = smp(paused, { spec: { paused: null } }) as any;
    assert.equal('paused' in resumed.spec, false);
  });
});

describe('strategic merge patch: directives', () => {
  it('$patch: delete removes a list element by merge key', () => {
    const live = deployment([{ name: 'a', image: 'a' }, { name: 'b', image: 'b' }]);
    const out = smp(live, { spec: { template: { spec: { containers: [{ name: 'a', $patch: 'delete' }] } } } }) as any;
    assert.deepEqual(out.spec.template.spec.containers, [{ name: 'b', image: 'b' }]);
  });

  it('$patch: replace on a map replaces it whole', () => {
    const out = smp({ spec: { selector: { matchLabels: { a: '1', b: '2' } } } }, { spec: { selector: { $patch: 'replace', matchLabels: { c: '3' } } } }) as any;
    assert.deepEqual(out.spec.selector, { matchLabels: { c: '3' } });
  });

  it('$patch: replace in a list replaces the list', () => {
    const live = deployment([{ name: 'a', image: 'a' }, { name: 'b', image: 'b' }]);
    const out = smp(live, { spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'c', image: 'c' }] } } } }) as any;
    assert.deepEqual(out.spec.template.spec.containers, [{ name: 'c', image: 'c' }]);
  });

  it('$setElementOrder reorders merged lists', () => {
    const live = deployment([{ name: 'a', image: 'a' }, { name: 'b', image: 'b' }]);
    const out = smp(live, { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] } } } }) as any;
    assert.deepEqual(out.spec.template.spec.containers.map((c: any) => c.name), ['b', 'a']);
  });

  it('$retainKeys drops keys not listed (deployment strategy switch)', () => {
    const live = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
    const out = smp(live, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }) as any;
    assert.deepEqual(out.spec.strategy, { type: 'Recreate' });
  });

  it('$deleteFromPrimitiveList removes finalizers; finalizers otherwise merge as a set', () => {
    const live = { metadata: { finalizers: ['a', 'b'] } };
    assert.deepEqual(smp(live, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }), { metadata: { finalizers: ['b'] } });
    assert.deepEqual(smp(live, { metadata: { finalizers: ['b', 'c'] } }), { metadata: { finalizers: ['a', 'b', 'c'] } });
  });

  it('merges env by name and ports by containerPort inside containers', () => {
    const live = deployment([{ name: 'a', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }], ports: [{ containerPort: 80, name: 'http' }] }]);
    const patch = { spec: { template: { spec: { containers: [{ name: 'a', env: [{ name: 'Y', value: '3' }], ports: [{ containerPort: 443 }] }] } } } };
    const c = (smp(live, patch) as any).spec.template.spec.containers[0];
    assert.deepEqual(c.env, [{ name: 'X', value: '1' }, { name: 'Y', value: '3' }]);
    assert.deepEqual(c.ports, [{ containerPort: 80, name: 'http' }, { containerPort: 443 }]);
  });

  it('replaces lists without a strategy (args, tolerations)', () => {
    const live = deployment([{ name: 'a', args: ['1', '2'] }], { tolerations: [{ key: 'k' }] });
    const patch = { spec: { template: { spec: { tolerations: [{ key: 'z' }], containers: [{ name: 'a', args: ['3'] }] } } } };
    const spec = (smp(live, patch) as any).spec.template.spec;
    assert.deepEqual(spec.tolerations, [{ key: 'z' }]);
    assert.deepEqual(spec.containers[0].args, ['3']);
  });

  it('merges Service ports by port and status conditions by type', () => {
    const svc = { spec: { ports: [{ port: 80, targetPort: 8080 }] }, status: { conditions: [{ type: 'A', status: 'False' }] } };
    const out = smp(svc, { spec: { ports: [{ port: 443 }] }, status: { conditions: [{ type: 'A', status: 'True' }] } }, 'Service') as any;
    assert.deepEqual(out.spec.ports, [{ port: 80, targetPort: 8080 }, { port: 443 }]);
    assert.deepEqual(out.status.conditions, [{ type: 'A', status: 'True' }]);
  });

  it('never stores directives in newly added elements', () => {
    const out = smp(deployment([]), { spec: { template: { spec: { containers: [{ name: 'n', env: [{ name: 'A', value: '1' }], '$setElementOrder/env': [{ name: 'A' }] }] } } } }) as any;
    assert.deepEqual(out.spec.template.spec.containers, [{ name: 'n', env: [{ name: 'A', value: '1' }] }]);
  });

  it('fails when a merged list element lacks its merge key', () => {
    const out = applyPatch(deployment([]), { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }, 'strategic', 'Deployment');
    assert.equal(out.ok, false);
  });

  it('knows the merge keys of the table in §9', () => {
    assert.deepEqual(listStrategy('Pod', ['spec', 'containers', 'volumeMounts']), { type: 'merge', mergeKey: 'mountPath' });
    assert.deepEqual(listStrategy('Node', ['status', 'addresses']), { type: 'merge', mergeKey: 'type' });
    assert.equal(listStrategy('Endpoints', ['subsets', 'addresses']), undefined);
    assert.equal(listStrategy('EndpointSlice', ['ports']), undefined);
  });
});
