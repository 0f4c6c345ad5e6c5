import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alwaysLeader, runWhileLeader, type LeaderElector } from '../../../src/controllers/runtime/leader.js';

describe('leader election hook', () => {
  it('runs the work at once with the single-server elector', async () => {
    let ran = false;
    await runWhileLeader(alwaysLeader(), new AbortController().signal, async () => { ran = true; });
    assert.equal(ran, true);
  });

  it('does not run when stopped before leading', async () => {
    const abort = new AbortController();
    abort.abort();
    let ran = false;
    await runWhileLeader(alwaysLeader(), abort.signal, async () => { ran = true; });
    assert.equal(ran, false);
  });

  it('stops the work when leadership is lost', async () => {
    const lose = new AbortController();
    const elector: LeaderElector = { acquire: async () => true, lost: () => lose.signal };
    let stoppedBecause = '';
    let started!: () => void;
    const working = new Promise<void>((resolve) => { started = resolve; });
    const running = runWhileLeader(elector, new AbortController().signal, (signal) => new Promise<void>((resolve) => {
      signal.addEventListener('abort', () => { stoppedBecause = 'lost'; resolve(); }, { once: true });
      started();
    }));
    await working;
    lose.abort();
    await running;
    assert.equal(stoppedBecause, 'lost');
  });
});
