/** The commander program: every `tug` command, wired to the injected terminal. */
import { Command } from 'commander';
import { addAgentCommand } from './commands/agent.js';
import { addApplyCommand } from './commands/apply.js';
import { addDeleteCommand } from './commands/delete.js';
import { addGetCommand } from './commands/get.js';
import { addSecretsCommand } from './commands/secrets.js';
import { addTokenCommand } from './commands/token.js';
import { addServeCommands } from './commands/serve.js';
import { addVersionCommand } from './commands/version.js';
import type { CliIo } from './io.js';

export function buildProgram(io: CliIo): Command {
  const program = new Command('tug')
    .description('Tugboat: a Kubernetes-compatible orchestrator for Docker hosts')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: (s, write) => write(s) })
    .showSuggestionAfterError()
    .allowExcessArguments(false);
  addServeCommands(program, io);
  addAgentCommand(program, io);
  addVersionCommand(program, io);
  addGetCommand(program, io);
  addApplyCommand(program, io);
  addDeleteCommand(program, io);
  addSecretsCommand(program, io);
  addTokenCommand(program, io);
  return program;
}
