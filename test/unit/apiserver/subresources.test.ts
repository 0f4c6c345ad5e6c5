import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { AgentDialer } from '../../../src/apiserver/index.js';
import { aDeployment, aPod, startFixture } from './helpers.js';

const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';
const PODS = '/api/v1/namespaces/default/pods';

describe('scale subresource (§7.3)', () => {
  it('reads an autoscaling/v1 Scale with the parent resourceVersion and selector string', async (t) => {
    const f = await startFixture(t);
    const d = (await f.call('POST', DEPLOYS, aDeployment('web', 2))).json;
    const res = await f.call('GET', `${DEPLOYS}/web/scale`);
    assert.deepEqual(res.json, {
      kind: 'Scale', apiVersion: 'autoscaling/v1',
      metadata: { name: 'web', namespace: 'default', uid: d.metadata.uid, resourceVersion: d.metadata.resourceVersion, creationTimestamp: d.metadata.creationTimestamp },
      spec: { replicas: 2 }, status: { replicas: 0, selector: 'app=web' },
    });
  });

  it('scales with a merge patch and bumps the parent generation', async (t) => {
    const f = await startFixture(t);
    await f.call('POST', DEPLOYS, aDeployment('web', 2));
    const res = await f.call('PATCH', `${DEPLOYS}/web/scale`, { spec: { replicas: 4 } }, { 'content-type': 'application/merge-patch+json' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json.spec.replicas, 4);
    const parent = (await f.call('GET', `${DEPLOYS}/web`)).json;
    assert.equal(parent.spec.replicas, 4);
    assert.equal(parent.metadata.generation, 2);
  });

  it('PUT without Content-Type honours the resourceVersion precondition', async (t) => {
    const f = await startFixture(t);
    await f.call('POST', DEPLOYS, aDeployment('web', 2));
    const scale = (await f.call('GET', `${DEPLOYS}/web/scale`)).json;
    const ok = await f.call('PUT', `${DEPLOYS}/web/scale`, JSON.stringify({ ...scale, spec: { replicas: 5 } }), { 'content-type': '' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json.spec.replicas, 5);
    const stale = await f.call('PUT', `${DEPLOYS}/web/scale`, { ...scale, spec: { replicas: 6 } });
    assert.equal(stale.statusCode, 409);
    const negative = await f.call('PUT', `${DEPLOYS}/web/scale`, { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'web' }, spec: { replicas: -1 } });
    assert.equal(negative.statusCode, 422);
  });

  it('is not served for kinds without it', async (t) => {
    const f = await startFixture(t);
    assert.equal((await f.call('GET', `${PODS}/p/scale`)).statusCode, 404);
  });
});

describe('pods/binding and pods/eviction', () => {
  const binding = (node: string): unknown => ({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p' }, target: { apiVersion: 'v1', kind: 'Node', name: node } });

  it('binds an unbound pod once, then answers 409', async (t) => {
    const f = await startFixture(t);
    await f.call('POST', PODS, aPod('p'));
    const bound = await f.call('POST', `${PODS}/p/binding`, binding('n1'));
    assert.equal(bound.statusCode, 201, bound.body);
    assert.equal(bound.json.status, 'Success');
    const pod = (await f.call('GET', `${PODS}/p`)).json;
    assert.equal(pod.spec.nodeName, 'n1');
    assert.ok(pod.status.conditions.some((c: any) => c.type === 'PodScheduled' && c.status === 'True'));
    const again = await f.call('POST', `${PODS}/p/binding`, binding('n2'));
    assert.equal(again.statusCode, 409);
    assert.equal(again.json.message, 'Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "n1"');
  });

  it('rejects a binding without a target', async (t) => {
    const f = await startFixture(t);
    await f.call('POST', PODS, aPod('p'));
    assert.equal((await f.call('POST', `${PODS}/p/binding`, { kind: 'Binding', apiVersion: 'v1' })).statusCode, 400);
  });

  it('evicts a pod by deleting it with grace', async (t) => {
    const f = await startFixture(t);
    await f.call('POST', PODS, aPod('p', { node: 'n1' }));
    const res = await f.call('POST', `${PODS}/p/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'p' } });
    assert.equal(res.statusCode, 201, res.body);
    const pod = (await f.call('GET', `${PODS}/p`)).json;
    assert.ok(pod.metadata.deletionTimestamp);
  });
});

describe('pods/log and pods/exec', () => {
  it('explains a pod without a node and a server without agents', async (t) => {
    const f = await startFixture(t);
    await f.call('POST', PODS, aPod('unbound'));
    await f.call('POST', PODS, aPod('bound', { node: 'n1' }));
    const noNode = await f.call('GET', `${PODS}/unbound/log`);
    assert.equal(noNode.statusCode, 400);
    assert.equal(noNode.json.message, 'pod unbound does not have a host assigned');
    const noAgent = await f.call('GET', `${PODS}/bound/log`);
    assert.equal(noAgent.statusCode, 503);
    assert.equal(noAgent.json.message, 'no agent is serving node "n1"');
    assert.equal((await f.call('GET', `${PODS}/nosuch/log`)).statusCode, 404);
    assert.equal((await f.call('GET', `${PODS}/bound/exec?command=ls`)).statusCode, 503);
  });

  it('streams logs from the agent dialer as text/plain', async (t) => {
    const seen: unknown[] = [];
    const dialer: AgentDialer = {
      logs: async (pod, query) => {
        seen.push({ pod: pod.metadata.name, query });
        return { ok: true, value: Readable.from(['line 1\n', 'line 2\n']) };
      },
      exec: async () => ({ ok: true, value: undefined }),
    };
    const f = await startFixture(t, { agentDialer: dialer });
    await f.call('POST', PODS, aPod('p', { node: 'n1' }));
    const res = await f.call('GET', `${PODS}/p/log?container=main&tailLines=10&timestamps=true`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/plain');
    assert.equal(res.body, 'line 1\nline 2\n');
    assert.deepEqual(seen, [{ pod: 'p', query: { container: 'main', follow: false, previous: false, timestamps: true, tailLines: 10, sinceSeconds: undefined, sinceTime: undefined, limitBytes: undefined } }]);
    const wrong = await f.call('GET', `${PODS}/p/log?container=nope`);
    assert.equal(wrong.statusCode, 400);
    const plainExec = await f.call('POST', `${PODS}/p/exec?command=ls&stdout=true`);
    assert.equal(plainExec.statusCode, 400);
    assert.equal(plainExec.json.message, 'Upgrade request required');
  });
});
