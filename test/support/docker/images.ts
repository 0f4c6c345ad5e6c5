/**
 * Test helpers for suites that need Docker: detect the daemon, and build the local test
 * images (tug-busybox:1, tug-node:1, tug-node:2) once per test process.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { parseDockerHost } from '../../../src/agent/runtime/docker/docker-client.js';

const run = promisify(execFile);

export const TEST_IMAGES = { busybox: 'tug-busybox:1', node: 'tug-node:1', nodeV2: 'tug-node:2' } as const;

/** The repository root, found from this file whether it runs from test/ (tsx) or dist/test/. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'scripts', 'images', 'build.sh'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (scripts/images/build.sh)');
    dir = parent;
  }
  return dir;
}

/** Path of the HTTP test app, for running it as a host process. */
export function testAppPath(): string {
  return join(repoRoot(), 'scripts', 'images', 'app', 'server.js');
}

/** True if a Docker daemon answers on `dockerHost` within `timeoutMs`. */
export async function dockerAvailable(dockerHost = process.env.DOCKER_HOST, timeoutMs = 2000): Promise<boolean> {
  const docker = new Docker({ ...parseDockerHost(dockerHost), timeout: timeoutMs } as Docker.DockerOptions);
  try {
    await docker.ping();
    return true;
  } catch {
    return false;
  }
}

const builds = new Map<string, Promise<void>>();

/** Runs scripts/images/build.sh against `dockerHost` once per process (it skips up-to-date images). */
export function ensureTestImages(dockerHost: string): Promise<void> {
  let build = builds.get(dockerHost);
  if (!build) {
    build = run('bash', [join(repoRoot(), 'scripts', 'images', 'build.sh')], {
      env: { ...process.env, DOCKER_HOST: dockerHost }, timeout: 180_000,
    }).then(() => undefined);
    builds.set(dockerHost, build);
  }
  return build;
}
