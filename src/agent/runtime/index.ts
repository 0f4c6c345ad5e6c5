/** Public face of the container runtimes (see README.md). */
export type * from './runtime.js';
export { createDockerRuntime, DOCKER_DEFAULTS, type DockerRuntimeOptions } from './docker/docker-runtime.js';
export { createProcessRuntime, type ProcessRuntimeOptions } from './process/process-runtime.js';
export { createHollowRuntime, type HollowOptions } from './hollow/hollow-runtime.js';
export { detectRuntime, DETECT_TIMEOUT_MS, type RuntimeDetection } from './detect.js';
export {
  Labels, LABEL_PREFIX, containerLabels, identityFromLabels, podSelector, containerRuntimeName, matchesLabels,
  type ContainerIdentity,
} from './labels.js';
export { ok, fail, isValidImageReference, RuntimeUnavailableError } from './results.js';
export { chooseRuntime, RUNTIME_CHOICES, type RuntimeChoice, type ChooseRuntimeOptions } from './choose.js';
