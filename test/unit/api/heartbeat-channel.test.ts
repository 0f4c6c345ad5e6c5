import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { heartbeatChannelPath, nodeOfHeartbeatPath, parseRenewalAnswer, parseRenewalFrame } from '../../../src/api/heartbeat-channel.js';
import { PROXY_REVISION_ANNOTATION, renewedLease, withProxyRevision } from '../../../src/api/node-lease.js';

const frame = { seq: 3, renewTime: '2026-01-01T00:00:01.000000Z', leaseDurationSeconds: 6 };

void describe('heartbeat channel protocol', () => {
  void it('maps node names to channel paths and back, rejecting anything else', () => {
    assert.equal(heartbeatChannelPath('web-1.example'), '/tugboat/v1/nodes/web-1.example/heartbeat');
    assert.equal(nodeOfHeartbeatPath('/tugboat/v1/nodes/web-1.example/heartbeat?x=1'), 'web-1.example');
    assert.equal(nodeOfHeartbeatPath('/tugboat/v1/nodes/Bad_Name/heartbeat'), undefined);
    assert.equal(nodeOfHeartbeatPath('/tugboat/v1/nodes/a/b/heartbeat'), undefined);
    assert.equal(nodeOfHeartbeatPath('/api/v1/nodes/a'), undefined);
  });

  void it('accepts a renewal frame with or without a proxy revision', () => {
    assert.deepEqual(parseRenewalFrame(JSON.stringify(frame)), { ok: true, value: frame });
    assert.deepEqual(parseRenewalFrame(JSON.stringify({ ...frame, proxyRevision: null })), { ok: true, value: { ...frame, proxyRevision: null } });
    assert.deepEqual(parseRenewalFrame(JSON.stringify({ ...frame, proxyRevision: '17' })), { ok: true, value: { ...frame, proxyRevision: '17' } });
  });

  void it('names what is wrong with a bad frame', () => {
    const bad = (value: unknown) => {
      const parsed = parseRenewalFrame(typeof value === 'string' ? value : JSON.stringify(value));
      assert.equal(parsed.ok, false);
      return parsed.ok ? '' : parsed.message;
    };
    assert.match(bad('{not json'), /JSON object/);
    assert.match(bad([1]), /JSON object/);
    assert.match(bad({ ...frame, holder: 'x' }), /unknown field "holder"/);
    assert.match(bad({ ...frame, seq: -1 }), /seq/);
    assert.match(bad({ ...frame, renewTime: '2026-01-01T00:00:01Z' }), /MicroTime/);
    assert.match(bad({ ...frame, renewTime: '2026-13-45T00:00:01.000000Z' }), /MicroTime/);
    assert.match(bad({ ...frame, leaseDurationSeconds: 0 }), /leaseDurationSeconds/);
    assert.match(bad({ ...frame, proxyRevision: 'abc' }), /proxyRevision/);
  });

  void it('reads answers: a resourceVersion or a Status', () => {
    assert.deepEqual(parseRenewalAnswer('{"seq":3,"resourceVersion":"12"}'), { ok: true, value: { seq: 3, resourceVersion: '12' } });
    const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'no', reason: 'NotFound', code: 404 };
    assert.deepEqual(parseRenewalAnswer(JSON.stringify({ seq: 4, status })), { ok: true, value: { seq: 4, status } });
    assert.equal(parseRenewalAnswer('{"seq":4}').ok, false);
    assert.equal(parseRenewalAnswer('{"resourceVersion":"1"}').ok, false);
  });
});

void describe('node lease renewal rule', () => {
  const lease = {
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
    metadata: { name: 'n1', namespace: 'kube-node-lease', labels: { a: 'b' }, annotations: { other: 'x', [PROXY_REVISION_ANNOTATION]: '5' } },
    spec: { holderIdentity: 'old', leaseDurationSeconds: 40, renewTime: '2026-01-01T00:00:00.000000Z', leaseTransitions: 2 },
  };

  void it('sets holder, duration and renew time and keeps everything else', () => {
    const renewed = renewedLease(lease, 'n1', { renewTime: '2026-01-01T00:00:09.000000Z', leaseDurationSeconds: 6 });
    assert.deepEqual(renewed.spec, { holderIdentity: 'n1', leaseDurationSeconds: 6, renewTime: '2026-01-01T00:00:09.000000Z', leaseTransitions: 2 });
    assert.deepEqual(renewed.metadata, lease.metadata);
    assert.equal(lease.spec.holderIdentity, 'old', 'the input is not changed');
  });

  void it('sets, keeps or removes the proxy revision', () => {
    assert.deepEqual(withProxyRevision({ other: 'x' }, '9'), { other: 'x', [PROXY_REVISION_ANNOTATION]: '9' });
    assert.deepEqual(withProxyRevision({ [PROXY_REVISION_ANNOTATION]: '5' }, undefined), { [PROXY_REVISION_ANNOTATION]: '5' });
    assert.deepEqual(withProxyRevision({ other: 'x', [PROXY_REVISION_ANNOTATION]: '5' }, null), { other: 'x' });
    assert.equal(withProxyRevision({ [PROXY_REVISION_ANNOTATION]: '5' }, null), undefined);
    assert.equal(withProxyRevision(undefined, null), undefined);
  });
});
