/**
 * Node conditions as a pure function of host readings. Thresholds are named defaults
 * (defaults.ts NODE_PRESSURE_DEFAULTS); a condition keeps its lastTransitionTime while its
 * status stays the same, and lastHeartbeatTime is the time of this reading.
 */
import { NODE_PRESSURE_DEFAULTS } from '../defaults.js';
import { rfc3339 } from '../pod/pod-types.js';

export interface HostReadings {
  freeMemoryBytes: number;
  /** Free fraction (0–1) of the filesystem holding the data dir; undefined = unknown. */
  freeDiskFraction?: number;
  /** Free fraction of pid_max; undefined = unknown. */
  freePidFraction?: number;
  /** Whether the container runtime answered. */
  runtimeReady: boolean;
  runtimeMessage?: string;
}

export interface NodeCondition {
  type: 'Ready' | 'MemoryPressure' | 'DiskPressure' | 'PIDPressure';
  status: 'True' | 'False' | 'Unknown';
  lastHeartbeatTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export type PressureThresholds = typeof NODE_PRESSURE_DEFAULTS;

export function computeNodeConditions(readings: HostReadings, previous: NodeCondition[], now: number, thresholds: PressureThresholds = NODE_PRESSURE_DEFAULTS): NodeCondition[] {
  const memory = readings.freeMemoryBytes < thresholds.minFreeMemoryBytes;
  const disk = readings.freeDiskFraction !== undefined && readings.freeDiskFraction < thresholds.minFreeDiskFraction;
  const pid = readings.freePidFraction !== undefined && readings.freePidFraction < thresholds.minFreePidFraction;
  const conditions: Array<Omit<NodeCondition, 'lastHeartbeatTime' | 'lastTransitionTime'>> = [
    memory
      ? { type: 'MemoryPressure', status: 'True', reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available' }
      : { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
    disk
      ? { type: 'DiskPressure', status: 'True', reason: 'KubeletHasDiskPressure', message: 'kubelet has disk pressure' }
      : { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
    pid
      ? { type: 'PIDPressure', status: 'True', reason: 'KubeletHasInsufficientPID', message: 'kubelet has insufficient PID available' }
      : { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
    readings.runtimeReady
      ? { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }
      : { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: `container runtime is down: ${readings.runtimeMessage ?? 'no answer'}` },
  ];
  const stamp = rfc3339(now);
  return conditions.map((c) => {
    const before = previous.find((p) => p.type === c.type);
    return { ...c, lastHeartbeatTime: stamp, lastTransitionTime: before && before.status === c.status ? before.lastTransitionTime : stamp };
  });
}
