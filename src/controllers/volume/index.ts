export { createVolumeController } from './controller.js';
export { decideClaim, matchingVolumes, volumeAllowsNode, defaultClass, refersTo, requestedBytes, capacityBytes } from './decide-claim.js';
export type { ClaimAction, ClaimSnapshot, ClaimStatus } from './decide-claim.js';
export { decideVolume, claimGone } from './decide-volume.js';
export type { VolumeAction, VolumeSnapshot, VolumePhase } from './decide-volume.js';
export { provisionedVolume, provisionedVolumeName, provisionedDirectory, volumeDirectory, PROVISIONERS, DEFAULT_LOCAL_STORAGE_DIR } from './provision.js';
export { insideRoot, createVolumeDirectory, removeVolumeDirectory } from './directories.js';
export * from './constants.js';
