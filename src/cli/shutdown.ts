/**
 * Foreground commands (`tug up|server|agent`) stop gracefully on the first SIGINT/SIGTERM and
 * exit at once on the second.
 */
import type { CliIo } from './io.js';

export interface ShutdownSignal {
  signal: AbortSignal;
  /** Stop listening for SIGINT/SIGTERM. */
  dispose(): void;
}

export function shutdownOnSignals(io: CliIo): ShutdownSignal {
  const abort = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) process.exit(130);
    io.err(`received ${signal}, shutting down (send it again to exit immediately)\n`);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: abort.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
