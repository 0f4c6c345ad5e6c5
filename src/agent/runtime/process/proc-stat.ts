/**
 * Reading /proc for the process runtime: liveness (pid + start time, so a recycled pid
 * is not mistaken for our container after an agent restart) and CPU/memory stats.
 */
import { readFile } from 'node:fs/promises';

/** Linux USER_HZ; 100 on every mainstream architecture. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ProcStat {
  state: string;
  /** utime + stime in clock ticks. */
  cpuTicks: number;
  /** Start time after boot, in clock ticks. */
  startTime: number;
}

/** Parses /proc/<pid>/stat; fields after the `(comm)` are counted from field 3 (state). */
export function parseProcStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = text.slice(close + 2).trim().split(/\s+/);
  const at = (field: number) => Number(fields[field - 3]);
  if (fields.length < 20) return undefined;
  return { state: fields[0], cpuTicks: at(14) + at(15), startTime: at(22) };
}

/** VmRSS from /proc/<pid>/status, in bytes (0 for kernel threads and zombies). */
export function parseRssBytes(statusText: string): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(statusText);
  return m ? Number(m[1]) * 1024 : 0;
}

export function ticksToNanos(ticks: number): number {
  return Math.round((ticks / CLOCK_TICKS_PER_SECOND) * 1e9);
}

export async function readProcStat(pid: number): Promise<ProcStat | undefined> {
  try {
    return parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

export async function readRssBytes(pid: number): Promise<number> {
  try {
    return parseRssBytes(await readFile(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return 0;
  }
}

/** Alive = the pid exists, is not a zombie, and started when we recorded. */
export async function isProcessAlive(pid: number, startTime: number | undefined): Promise<boolean> {
  const stat = await readProcStat(pid);
  if (!stat || stat.state === 'Z' || stat.state === 'X') return false;
  return startTime === undefined || stat.startTime === startTime;
}

/** Parses /proc/<pid>/environ (NUL-separated NAME=value entries). */
export function parseEnviron(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of text.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

/** The environment a running process started with; undefined when it is gone or unreadable. */
export async function readProcessEnv(pid: number): Promise<Record<string, string> | undefined> {
  try {
    return parseEnviron(await readFile(`/proc/${pid}/environ`, 'utf8'));
  } catch {
    return undefined;
  }
}
