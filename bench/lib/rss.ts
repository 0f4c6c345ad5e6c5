/** Resident set size of a process, from /proc (Linux), sampled while a phase runs. */
import { readFile } from 'node:fs/promises';

export async function readRssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

export interface RssSummary {
  samples: number;
  peakBytes: number;
  averageBytes: number;
}

/** Samples every `intervalMs` until stop() is called. */
export function sampleRss(pid: number, intervalMs = 200): { stop(): Promise<RssSummary> } {
  const values: number[] = [];
  let pending: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    pending = readRssBytes(pid).then((v) => { values.push(v); }, () => undefined);
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await pending;
      const sum = values.reduce((a, b) => a + b, 0);
      return { samples: values.length, peakBytes: Math.max(0, ...values), averageBytes: values.length ? sum / values.length : 0 };
    },
  };
}

export function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
