/** Public face of the agent's volume handling (see README.md). */
export { createVolumeManager, type VolumeManager, type VolumeManagerOptions, type MountStatus } from './manager.js';
export { startVolumeLoops, type VolumeLoopsOptions } from './loops.js';
export { planMounts, type MountInput } from './mounts.js';
export { applyVolumeState, withholdStarts, evict, failedMountMessage, type MountFailure, type VolumeState } from './decisions.js';
export { planPayload, type PayloadFile, type PayloadResult } from './payload.js';
export { writeAtomically, DATA_LINK } from './atomic-writer.js';
export { volumePath, memoryVolumePath, shmMemoryBase, tmpfsMemoryBase, VOLUME_KIND_DIRS } from './layout.js';
export { filesystemOf } from './memory-base.js';
export { VOLUME_DEFAULTS } from './defaults.js';
