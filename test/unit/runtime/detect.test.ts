import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detectRuntime } from '../../../src/agent/runtime/index.js';

void describe('runtime detection', () => {
  void it('falls back to host processes, saying why, when no daemon answers', async () => {
    const detection = await detectRuntime({ dockerHost: 'unix:///tmp/tug-no-such-docker.sock' });
    assert.equal(detection.kind, 'process');
    assert.match(detection.reason, /no Docker daemon answered on unix:\/\/\/tmp\/tug-no-such-docker\.sock/);
  });
});
