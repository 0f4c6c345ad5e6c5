import type { Command } from 'commander';
import { withConnection } from '../connect.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { resolveResource, splitTypeName } from '../resources.js';
import { connectionOptions, type ConnectionFlags } from './flags.js';

export function addDeleteCommand(program: Command, io: CliIo): void {
  connectionOptions(program.command('delete'))
    .description('delete an object')
    .argument('<resource>', 'resource type (or TYPE/NAME)')
    .argument('[name]', 'object name')
    .action(async (typed: string, nameArg: string | undefined, flags: ConnectionFlags) => {
      const split = splitTypeName(typed);
      const info = resolveResource(split.type);
      const name = split.name ?? nameArg;
      if (!name) throw new CliError('resource name is required: tug delete <resource> <name>');
      await withConnection(flags, io.env, async ({ client, namespace }) => {
        await client.delete(info, info.namespaced ? namespace : undefined, name, { propagationPolicy: 'Background' });
        io.out(`${info.group ? `${info.resource}.${info.group}` : info.resource} "${name}" deleted\n`);
      });
    });
}
