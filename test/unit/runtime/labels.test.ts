import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  containerLabels, containerRuntimeName, identityFromLabels, Labels, matchesLabels, podSelector,
} from '../../../src/agent/runtime/index.js';

const identity = { podUid: 'u-1', podName: 'web-0', podNamespace: 'default', containerName: 'app', attempt: 2, nodeName: 'h1' };

void describe('container labels', () => {
  void it('round-trips a container identity through labels', () => {
    assert.deepEqual(identityFromLabels(containerLabels(identity)), { ...identity, containerHash: undefined });
  });

  void it('stores the attempt as a decimal string and marks the container as managed', () => {
    const labels = containerLabels(identity);
    assert.equal(labels[Labels.containerAttempt], '2');
    assert.equal(labels[Labels.managed], 'true');
  });

  void it('does not claim containers without a pod uid', () => {
    assert.equal(identityFromLabels({ [Labels.containerName]: 'app' }), undefined);
  });

  void it('selects every container of a pod by uid', () => {
    assert.ok(matchesLabels(containerLabels(identity), podSelector('u-1')));
    assert.ok(!matchesLabels(containerLabels(identity), podSelector('u-2')));
  });

  void it('builds runtime names Docker accepts', () => {
    assert.equal(containerRuntimeName({ ...identity, podName: 'web:0' }), 'tug_default_web-0_app_2');
  });
});
