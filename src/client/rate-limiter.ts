/**
 * Per-key retry delays for the work queue, after client-go's
 * ItemExponentialFailureRateLimiter: the n-th consecutive failure of a key waits
 * base·2^(n-1), capped. With the defaults: 5 ms, 10 ms, 20 ms, … reaching the
 * 1000 s cap on the 19th failure (5 ms · 2^18 ≈ 1311 s > 1000 s).
 */

export const DEFAULT_RETRY_BASE_DELAY_MS = 5;
export const DEFAULT_RETRY_MAX_DELAY_MS = 1_000_000;

export interface RateLimiter {
  /** Delay before `key` may be retried; counts one more failure. */
  when(key: string): number;
  /** Forget the key's failures (call after a success). */
  forget(key: string): void;
  numRequeues(key: string): number;
}

export function createExponentialRateLimiter(
  options: { baseDelayMs?: number; maxDelayMs?: number } = {},
): RateLimiter {
  const baseDelayMs = options.baseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS;
  const failures = new Map<string, number>();
  return {
    when(key) {
      const exponent = failures.get(key) ?? 0;
      failures.set(key, exponent + 1);
      // Math.min before the power would overflow to Infinity after ~1000 failures.
      return Math.min(baseDelayMs * 2 ** Math.min(exponent, 62), maxDelayMs);
    },
    forget: (key) => void failures.delete(key),
    numRequeues: (key) => failures.get(key) ?? 0,
  };
}
