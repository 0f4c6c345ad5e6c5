import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decideDeletion, type DeleteOptions } from '../../../src/apiserver/registry/deletion.js';
import type { KubeObject } from '../../../src/api/types.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const opts = (o: Partial<DeleteOptions> = {}): DeleteOptions => ({ dryRun: false, ...o });

function pod(o: { node?: string; phase?: string; grace?: number; marked?: { at: string; grace: number }; finalizers?: string[] } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: 'p', finalizers: o.finalizers,
      ...(o.marked ? { deletionTimestamp: o.marked.at, deletionGracePeriodSeconds: o.marked.grace } : {}),
    },
    spec: { nodeName: o.node, terminationGracePeriodSeconds: o.grace },
    status: { phase: o.phase ?? 'Running' },
  };
}

describe('decideDeletion', () => {
  it('deletes plain objects and unbound or finished pods at once', () => {
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    assert.deepEqual(decideDeletion(cm, opts(), NOW), { type: 'delete' });
    assert.deepEqual(decideDeletion(pod(), opts(), NOW), { type: 'delete' });
    assert.deepEqual(decideDeletion(pod({ node: 'n', phase: 'Succeeded' }), opts(), NOW), { type: 'delete' });
    assert.deepEqual(decideDeletion(pod({ node: 'n' }), opts({ gracePeriodSeconds: 0 }), NOW), { type: 'delete' });
  });

  it('gives a bound pod the default 30 s grace', () => {
    const d = decideDeletion(pod({ node: 'n' }), opts(), NOW);
    assert.equal(d.type, 'mark');
    assert.equal(d.type === 'mark' && d.object.metadata.deletionTimestamp, '2026-01-01T00:00:30Z');
    assert.equal(d.type === 'mark' && d.object.metadata.deletionGracePeriodSeconds, 30);
  });

  it('only shortens the grace of a pod already terminating', () => {
    const marked = pod({ node: 'n', marked: { at: '2026-01-01T00:00:30Z', grace: 30 } });
    assert.deepEqual(decideDeletion(marked, opts({ gracePeriodSeconds: 60 }), NOW), { type: 'unchanged' });
    const shorter = decideDeletion(marked, opts({ gracePeriodSeconds: 5 }), NOW);
    assert.equal(shorter.type === 'mark' && shorter.object.metadata.deletionTimestamp, '2026-01-01T00:00:05Z');
  });

  it('adds the propagation finalizer and keeps existing ones', () => {
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', finalizers: ['x'] } };
    const d = decideDeletion(cm, opts({ propagationPolicy: 'Foreground' }), NOW);
    assert.deepEqual(d.type === 'mark' && d.object.metadata.finalizers, ['x', 'foregroundDeletion']);
    assert.equal(d.type === 'mark' && d.object.metadata.deletionGracePeriodSeconds, 0);
  });

  it('rejects a negative grace period', () => {
    assert.throws(() => decideDeletion(pod({ node: 'n' }), opts({ gracePeriodSeconds: -1 }), NOW), /gracePeriodSeconds/);
  });
});
