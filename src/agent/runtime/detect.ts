/**
 * Runtime auto-detection for `tug up`: Docker if its daemon answers within ~1 s,
 * otherwise the process runtime — with the reason, so the agent can say it loudly.
 */
import Docker from 'dockerode';
import { parseDockerHost, daemonMessage, withTimeout } from './docker/docker-client.js';

export const DETECT_TIMEOUT_MS = 1000;

export type RuntimeDetection =
  | { kind: 'docker'; dockerHost: string; version: string; reason: string }
  | { kind: 'process'; reason: string };

export async function detectRuntime(options: { dockerHost?: string; timeoutMs?: number } = {}): Promise<RuntimeDetection> {
  const dockerHost = options.dockerHost ?? process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  const timeoutMs = options.timeoutMs ?? DETECT_TIMEOUT_MS;
  const endpoint = parseDockerHost(dockerHost);
  const docker = new Docker({ ...endpoint, timeout: timeoutMs, connectionTimeout: timeoutMs } as Docker.DockerOptions);
  try {
    const version = await withTimeout(docker.version(), timeoutMs, 'docker version');
    return { kind: 'docker', dockerHost, version: version.Version, reason: `Docker ${version.Version} answered on ${dockerHost}` };
  } catch (error) {
    return { kind: 'process', reason: `no Docker daemon answered on ${dockerHost} within ${timeoutMs} ms (${daemonMessage(error)}); using host processes` };
  }
}
