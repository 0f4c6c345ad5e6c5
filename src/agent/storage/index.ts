/** Agent-side storage: the local-path reclaimer (removes a deleted local volume's directory on its node). */
export { runVolumeReclaimer, type VolumeReclaimerOptions } from './reclaimer.js';
export { decideReclaim, volumeNode, withoutCleanupFinalizer, type Reclaim } from './decide.js';
