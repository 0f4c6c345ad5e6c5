/**
 * Controller expectations (as in Kubernetes' ControllerExpectations): after a pass creates
 * or deletes pods, the informer cache lags behind; until those creates/deletes are seen,
 * the next pass must not act again or it would create duplicates. Entries expire so a lost
 * event cannot wedge a controller.
 */
import type { Clock } from '../../client/index.js';

/** A pass whose effects are not observed within this time is trusted anyway. */
export const EXPECTATIONS_TIMEOUT_MS = 30_000;

interface Entry { adds: number; deletes: number; setAtMs: number }

export class Expectations {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly clock: Clock, private readonly timeoutMs = EXPECTATIONS_TIMEOUT_MS) {}

  expect(key: string, adds: number, deletes: number): void {
    this.entries.set(key, { adds, deletes, setAtMs: this.clock.now() });
  }

  observedAdd(key: string): void {
    const e = this.entries.get(key);
    if (e) e.adds -= 1;
  }

  observedDelete(key: string): void {
    const e = this.entries.get(key);
    if (e) e.deletes -= 1;
  }

  /** A create or delete that failed will never be observed. */
  lowerAdds(key: string, n: number): void {
    const e = this.entries.get(key);
    if (e) e.adds -= n;
  }

  satisfied(key: string): boolean {
    const e = this.entries.get(key);
    if (!e) return true;
    if (e.adds <= 0 && e.deletes <= 0) return true;
    return this.clock.now() - e.setAtMs >= this.timeoutMs;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
