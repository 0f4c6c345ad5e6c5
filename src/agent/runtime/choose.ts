/**
 * Picking the agent's container runtime from `--runtime`: Docker when a daemon answers
 * (auto), else host processes, said loudly because containers then are not isolated.
 * Shared by the agent `tug up` embeds and the standalone `tug agent`.
 */
import { join } from 'node:path';
import type { Runtime } from './runtime.js';
import { createDockerRuntime } from './docker/docker-runtime.js';
import { createProcessRuntime } from './process/process-runtime.js';
import { createHollowRuntime } from './hollow/hollow-runtime.js';
import { detectRuntime } from './detect.js';

export type RuntimeChoice = 'auto' | 'docker' | 'process' | 'hollow';
export const RUNTIME_CHOICES: readonly RuntimeChoice[] = ['auto', 'docker', 'process', 'hollow'];

export interface ChooseRuntimeOptions {
  choice: RuntimeChoice;
  /** The agent's state directory; the process runtime keeps its files under it. */
  dataDir: string;
  logger: { info(o: object, m?: string): void; warn(o: object, m?: string): void };
}

export async function chooseRuntime(options: ChooseRuntimeOptions): Promise<Runtime> {
  const { choice, logger } = options;
  const processRuntime = () => createProcessRuntime({ dataDir: join(options.dataDir, 'process-runtime') });
  if (choice === 'hollow') {
    logger.warn({}, 'HOLLOW RUNTIME: containers are simulated, nothing runs');
    return createHollowRuntime();
  }
  if (choice === 'process') return processRuntime();
  const detected = await detectRuntime();
  if (detected.kind === 'docker') {
    logger.info({ dockerHost: detected.dockerHost, version: detected.version }, 'container runtime: docker');
    return createDockerRuntime({ dockerHost: detected.dockerHost });
  }
  if (choice === 'docker') throw new Error(`--runtime docker was asked for, but ${detected.reason}`);
  logger.warn({ reason: detected.reason },
    'NO DOCKER DAEMON: containers will run as plain host processes (no isolation, images are not pulled, `command` is required)');
  return processRuntime();
}
