import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatStoredLine, parseStoredLine, renderLine, selectLines } from '../../../src/agent/runtime/log-lines.js';

const t0 = Date.parse('2026-01-01T00:00:00.000Z');
const lines = [0, 10, 20, 30].map((s, i) => ({ time: t0 + s * 1000, text: `line-${i}` }));

void describe('stored log lines', () => {
  void it('round-trips a line with its timestamp, keeping spaces in the text', () => {
    assert.deepEqual(parseStoredLine(formatStoredLine(t0, 'a b  c').trimEnd()), { time: t0, text: 'a b  c' });
  });

  void it('keeps the last N lines for tailLines', () => {
    assert.deepEqual(selectLines(lines, { tailLines: 2 }, t0).map((l) => l.text), ['line-2', 'line-3']);
    assert.deepEqual(selectLines(lines, { tailLines: 0 }, t0), []);
  });

  void it('applies sinceSeconds before tailLines', () => {
    const now = t0 + 30_000;
    assert.deepEqual(selectLines(lines, { sinceSeconds: 15 }, now).map((l) => l.text), ['line-2', 'line-3']);
    assert.deepEqual(selectLines(lines, { sinceSeconds: 25, tailLines: 1 }, now).map((l) => l.text), ['line-3']);
  });

  void it('renders with or without the RFC3339 prefix', () => {
    assert.equal(renderLine(lines[0], false), 'line-0\n');
    assert.equal(renderLine(lines[0], true), '2026-01-01T00:00:00.000Z line-0\n');
  });
});
