/** Test harness: a real `tug` process, kubectl against it, raw HTTPS requests. */
export { startTug, repoRoot, type StartTugOptions, type TugCluster } from './tug.js';
export { runKubectl, spawnKubectl, kubectlBinary, type CommandResult, type KubectlProcess, type KubectlContext } from './kubectl.js';
export { rawRequest, rawTlsRequest, type RawRequest, type RawResponse } from './http.js';
export { freePort } from './ports.js';
export { removeProcessContainers } from './process-containers.js';
