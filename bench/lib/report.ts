/** The markdown table the benchmark prints. */
import { mib, type RssSummary } from './rss.js';

export interface PhaseResult {
  name: string;
  requests: number;
  achievedRate: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  rss: RssSummary;
}

export function renderReport(input: {
  rate: number; durationSeconds: number; pods: number;
  idleRssBytes: number; idleWithPodsRssBytes: number; podCreateSeconds: number; phases: PhaseResult[];
}): string {
  const lines = [
    `### Tugboat API benchmark (${input.rate} req/s target, ${input.durationSeconds} s per phase, ${input.pods} pods)`,
    '',
    '| operation | requests | achieved req/s | p50 ms | p99 ms | errors | non-2xx | RSS peak | RSS avg |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...input.phases.map((p) => `| ${p.name} | ${p.requests} | ${p.achievedRate.toFixed(0)} | ${p.p50Ms.toFixed(2)} | ${p.p99Ms.toFixed(2)} | ${p.errors} | ${p.non2xx} | ${mib(p.rss.peakBytes)} | ${mib(p.rss.averageBytes)} |`),
    '',
    `Server RSS idle after start: ${mib(input.idleRssBytes)}; idle with ${input.pods} pods: ${mib(input.idleWithPodsRssBytes)}.`,
    `Creating the ${input.pods} pods took ${input.podCreateSeconds.toFixed(1)} s (32 concurrent POSTs, not rate-limited).`,
    '',
  ];
  return lines.join('\n');
}
