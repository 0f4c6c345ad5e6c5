import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { parseManifests } from '../manifests.js';
import { connectionOptions, type ConnectionFlags } from './flags.js';

interface ApplyFlags extends ConnectionFlags {
  filename: string;
}

export function addApplyCommand(program: Command, io: CliIo): void {
  connectionOptions(program.command('apply'))
    .description('create or update the objects in a manifest file (YAML or JSON; - for stdin)')
    .requiredOption('-f, --filename <file>', 'manifest file, or - for standard input')
    .action(async (flags: ApplyFlags) => {
      // Parse before connecting: a malformed file fails without touching the server.
      const objects = parseManifests(await io.readInput(flags.filename), flags.filename);
      const { applyObjects } = await import('../apply-run.js');
      await applyObjects(objects, flags, io);
    });
}
