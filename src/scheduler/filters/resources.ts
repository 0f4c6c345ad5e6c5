/** NodeResourcesFit: the pod's requests fit in allocatable minus what is already requested. */
import { podRequests } from '../resources.js';
import type { Filter } from '../types.js';

export const fitsResources: Filter = (pod, node) => {
  const want = podRequests(pod);
  if (node.requested.pods + 1 > node.allocatable.pods) return 'Too many pods';
  if (want.milliCpu > 0 && node.requested.milliCpu + want.milliCpu > node.allocatable.milliCpu) return 'Insufficient cpu';
  if (want.memoryBytes > 0 && node.requested.memoryBytes + want.memoryBytes > node.allocatable.memoryBytes) return 'Insufficient memory';
  return undefined;
};
