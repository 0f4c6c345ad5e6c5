/**
 * The time every component reads: milliseconds since the epoch. The API server needs only
 * this; clients, controllers and agents also schedule timers on it (src/client/clock.ts
 * Clock extends it), so tests drive one fake time through all of them.
 */
export interface WallClock {
  now(): number;
}
