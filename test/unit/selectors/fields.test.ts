import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchesFields, parseFieldSelector } from '../../../src/api/selectors/index.js';
import type { KubeObject } from '../../../src/api/types.js';

const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1', namespace: 'default' }, spec: { nodeName: 'n1' }, status: { phase: 'Running' } };
const event: KubeObject = {
  apiVersion: 'v1', kind: 'Event', metadata: { name: 'e1', namespace: 'default' },
  involvedObject: { kind: 'Deployment', name: 'web', namespace: 'default', uid: 'u1' }, reason: 'ScalingReplicaSet', type: 'Normal',
};

function check(selector: string, resource: string, object: KubeObject): boolean {
  const parsed = parseFieldSelector(selector, resource);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
  return matchesFields(parsed.value, resource, object);
}

describe('field selectors', () => {
  it('matches metadata.name and metadata.namespace on any resource', () => {
    assert.equal(check('metadata.name=p1', 'pods', pod), true);
    assert.equal(check('metadata.name==p2', 'pods', pod), false);
    assert.equal(check('metadata.namespace!=kube-system', 'pods', pod), true);
  });

  it('matches pod fields, with an unset nodeName as the empty string', () => {
    assert.equal(check('spec.nodeName=n1,status.phase=Running', 'pods', pod), true);
    const unbound = { ...pod, spec: {} };
    assert.equal(check('spec.nodeName=', 'pods', unbound), true);
    assert.equal(check('spec.nodeName!=', 'pods', unbound), false);
  });

  it('matches the involvedObject fields kubectl describe sends', () => {
    assert.equal(check('involvedObject.name=web,involvedObject.namespace=default,involvedObject.kind=Deployment,involvedObject.uid=u1', 'events', event), true);
    assert.equal(check('involvedObject.uid=u2', 'events', event), false);
  });

  it('treats an unset spec.unschedulable as false on nodes', () => {
    const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: {} };
    assert.equal(check('spec.unschedulable=false', 'nodes', node), true);
  });

  it('rejects unsupported fields naming the field', () => {
    const parsed = parseFieldSelector('spec.nodeName=n1', 'configmaps');
    assert.deepEqual(parsed, { ok: false, message: 'field label not supported: spec.nodeName' });
  });

  it('rejects terms without an operator', () => {
    assert.equal(parseFieldSelector('metadata.name', 'pods').ok, false);
  });
});
