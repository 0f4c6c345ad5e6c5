/** Reads the host facts and pressure readings the pure node builders need (the only I/O here). */
import os from 'node:os';
import { readFile, statfs } from 'node:fs/promises';
import type { HostFacts } from './node-object.js';
import { kubernetesArch } from './node-object.js';
import type { HostReadings } from './node-conditions.js';

/** PRETTY_NAME from an /etc/os-release text, e.g. "Debian GNU/Linux 12 (bookworm)". */
export function osImageFrom(osRelease: string | undefined): string {
  const line = osRelease?.split('\n').find((l) => l.startsWith('PRETTY_NAME='));
  return line ? line.slice('PRETTY_NAME='.length).replace(/^"|"$/g, '') : `${os.type()} ${os.release()}`;
}

/** MemAvailable (bytes) from /proc/meminfo: free + reclaimable cache, what the kubelet's memory.available means. */
export function memAvailableFrom(meminfo: string | undefined): number | undefined {
  const m = meminfo?.match(/^MemAvailable:\s+(\d+) kB/m);
  return m ? Number(m[1]) * 1024 : undefined;
}

async function readText(path: string): Promise<string | undefined> {
  try { return await readFile(path, 'utf8'); } catch { return undefined; }
}

export async function readHostFacts(opts: { address: string; containerRuntimeVersion: string; dataDir?: string }): Promise<HostFacts> {
  let ephemeralStorageBytes: number | undefined;
  if (opts.dataDir) {
    try { const fs = await statfs(opts.dataDir); ephemeralStorageBytes = fs.blocks * fs.bsize; } catch { /* optional */ }
  }
  return {
    hostname: os.hostname(),
    address: opts.address,
    cpuCount: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    ephemeralStorageBytes,
    osImage: osImageFrom(await readText('/etc/os-release')),
    kernelVersion: os.release(),
    architecture: kubernetesArch(os.arch()),
    operatingSystem: os.platform() === 'win32' ? 'windows' : os.platform(),
    containerRuntimeVersion: opts.containerRuntimeVersion,
    machineID: (await readText('/etc/machine-id'))?.trim(),
    bootID: (await readText('/proc/sys/kernel/random/boot_id'))?.trim(),
  };
}

export async function readHostReadings(opts: { dataDir?: string; runtimeReady: boolean; runtimeMessage?: string }): Promise<HostReadings> {
  let freeDiskFraction: number | undefined;
  if (opts.dataDir) {
    try { const fs = await statfs(opts.dataDir); freeDiskFraction = fs.blocks > 0 ? fs.bavail / fs.blocks : undefined; } catch { /* unknown */ }
  }
  let freePidFraction: number | undefined;
  const pidMax = Number((await readText('/proc/sys/kernel/pid_max'))?.trim());
  const loadavg = await readText('/proc/loadavg'); // "0.1 0.2 0.3 2/345 6789": 345 = scheduling entities
  const used = Number(loadavg?.split(' ')[3]?.split('/')[1]);
  if (pidMax > 0 && used >= 0) freePidFraction = 1 - used / pidMax;
  return { freeMemoryBytes: memAvailableFrom(await readText('/proc/meminfo')) ?? os.freemem(), freeDiskFraction, freePidFraction, runtimeReady: opts.runtimeReady, runtimeMessage: opts.runtimeMessage };
}
