import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isProcessAlive, parseProcStat, parseRssBytes, ticksToNanos } from '../../../src/agent/runtime/process/proc-stat.js';

void describe('/proc parsing', () => {
  void it('reads state, cpu ticks and start time even when the command name has spaces and parens', () => {
    const fields = ['S', ...Array.from({ length: 10 }, () => '0'), '150', '50', ...Array.from({ length: 6 }, () => '0'), '987654', '0', '0'];
    const stat = parseProcStat(`1234 (my (odd) cmd) ${fields.join(' ')}`);
    assert.deepEqual(stat, { state: 'S', cpuTicks: 200, startTime: 987654 });
  });

  void it('reads VmRSS in bytes', () => {
    assert.equal(parseRssBytes('Name:\tnode\nVmRSS:\t  2048 kB\n'), 2048 * 1024);
    assert.equal(parseRssBytes('Name:\tkthreadd\n'), 0);
  });

  void it('converts clock ticks at 100 Hz to nanoseconds', () => {
    assert.equal(ticksToNanos(250), 2_500_000_000);
  });

  void it('sees this process alive and a wrong start time as a different process', async () => {
    const own = parseProcStat(await import('node:fs').then((fs) => fs.readFileSync(`/proc/${process.pid}/stat`, 'utf8')));
    assert.ok(own);
    assert.equal(await isProcessAlive(process.pid, own.startTime), true);
    assert.equal(await isProcessAlive(process.pid, own.startTime + 1), false);
  });
});
