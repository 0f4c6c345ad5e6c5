/**
 * The runtime contract against a real Docker daemon. Needs DOCKER_HOST (CI starts
 * scripts/docker/start-dockerd.sh and exports unix:///tmp/tug-docker.sock). Skips only
 * when DOCKER_HOST is unset; set but unreachable is a failure.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDockerRuntime } from '../../../src/agent/runtime/index.js';
import { runRuntimeContract } from '../../support/runtime-contract.js';
import { dockerAvailable, ensureTestImages, TEST_IMAGES } from '../../support/docker/images.js';

const dockerHost = process.env.DOCKER_HOST;

if (!dockerHost) {
  void describe('Runtime contract: docker', () => {
    void it('needs DOCKER_HOST (run scripts/docker/start-dockerd.sh and export DOCKER_HOST=unix:///tmp/tug-docker.sock)', { skip: 'DOCKER_HOST is not set' }, () => {});
  });
} else {
  runRuntimeContract('docker', async () => {
    assert.ok(await dockerAvailable(dockerHost), `DOCKER_HOST=${dockerHost} is set but no Docker daemon answers there`);
    await ensureTestImages(dockerHost);
    return createDockerRuntime({ dockerHost, pullTimeoutMs: 20_000 });
  }, {
    shellImage: TEST_IMAGES.busybox,
    realProcesses: true,
    images: { missingImage: 'tug-missing-image:1' },
    pull: { unpullableImage: 'does-not-exist.invalid/tug/nope:1' },
    httpApp: { image: TEST_IMAGES.node, containerPort: 8080 },
    oom: { image: TEST_IMAGES.node },
    missingCommand: 'nope-no-such-command',
  });

  void describe('Docker daemon for the e2e suites', () => {
    void it('answers at DOCKER_HOST (set but unreachable is a failure, not a skip)', async () => {
      assert.ok(await dockerAvailable(dockerHost), `DOCKER_HOST=${dockerHost} is set but no Docker daemon answers there`);
    });
  });
}
