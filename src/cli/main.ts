/**
 * Entry point of the `tug` binary (bin/tug.js). Returns the exit code instead of calling
 * process.exit, so tests drive it in-process and buffered output is never cut off.
 */
import { CommanderError } from 'commander';
import { describeError } from './errors.js';
import { processIo, type CliIo } from './io.js';
import { buildProgram } from './program.js';

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 0;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    // commander has already printed its one-line message (or the help/version text).
    if (err instanceof CommanderError) return err.exitCode;
    io.err(`${describeError(err)}\n`);
    return (err as { exitCode?: number }).exitCode ?? 1;
  }
}
