import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { KUBERNETES_API_COMPAT, TUG_VERSION } from '../version.js';

export function addVersionCommand(program: Command, io: CliIo): void {
  program.command('version')
    .description('print the tug version')
    .action(() => {
      io.out(`tug v${TUG_VERSION} (Kubernetes API ${KUBERNETES_API_COMPAT})\n`);
    });
}
