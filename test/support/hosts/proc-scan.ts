/**
 * Which processes run on which host, read from the process table: a process belongs to the
 * host whose network namespace it is in (/proc/<pid>/ns/net is the same nsfs inode as
 * /var/run/netns/<ns>). One scan of /proc answers for every host at once, cheap enough to
 * sample every 100 ms, and needs no connection to the host (a partitioned host is seen too).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { Host } from './host.js';

export interface HostProcess {
  host: string;
  pid: number;
  argv: string[];
}

function inodeOf(path: string): number | undefined {
  try {
    return statSync(path).ino;
  } catch {
    return undefined;
  }
}

/** Every process in one of `hosts` whose command line has an argument equal to `marker` (all processes without a marker). */
export function scanHostProcesses(hosts: readonly Host[], marker?: string): HostProcess[] {
  const byInode = new Map<number, string>();
  for (const h of hosts) {
    const ino = inodeOf(`/var/run/netns/${h.namespace}`);
    if (ino !== undefined) byInode.set(ino, h.name);
  }
  const found: HostProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const host = byInode.get(inodeOf(`/proc/${entry}/ns/net`) ?? -1);
    if (host === undefined) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
    } catch {
      continue; // exited meanwhile
    }
    if (argv.length === 0) continue; // a zombie: not running any more
    if (marker !== undefined && !argv.includes(marker)) continue;
    found.push({ host, pid: Number(entry), argv });
  }
  return found;
}
