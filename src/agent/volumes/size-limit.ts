/**
 * Pure: which pods exceed an emptyDir sizeLimit and must be evicted (the kubelet's
 * localStorageEviction). Usage is measured by the shell (disk-usage.ts) every
 * VOLUME_DEFAULTS.usagePeriodMs, so a pod may overshoot for up to one period.
 */
export interface VolumeUsage {
  podKey: string;
  podUid: string;
  volume: string;
  usedBytes: number;
  limitBytes: number;
  /** The sizeLimit as written in the spec ("10Mi"), for the message. */
  limit: string;
}

export interface Eviction { podKey: string; podUid: string; message: string }

export function decideEvictions(usages: VolumeUsage[]): Eviction[] {
  const evictions = new Map<string, Eviction>();
  for (const u of usages) {
    if (u.usedBytes <= u.limitBytes || evictions.has(u.podUid)) continue;
    // The kubelet's own wording, so tooling that greps for it keeps working.
    evictions.set(u.podUid, { podKey: u.podKey, podUid: u.podUid, message: `Usage of EmptyDir volume "${u.volume}" exceeds the limit "${u.limit}". ` });
  }
  return [...evictions.values()];
}
