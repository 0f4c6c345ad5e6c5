/**
 * CLI failures as one line on stderr. Anything the user can fix (bad flag, missing file,
 * malformed YAML, an API error) becomes a CliError or is described here; a stack trace
 * would only hide the message.
 */
import { isApiError } from '../api/errors.js';

export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

/** The single line printed for `err`, in kubectl's wording for server errors. */
export function describeError(err: unknown): string {
  if (isApiError(err)) return `Error from server (${err.reason}): ${firstLine(err.message)}`;
  if (err instanceof CliError) return `error: ${firstLine(err.message)}`;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const path = (err as NodeJS.ErrnoException | undefined)?.path;
  if (code === 'ENOENT' && path) return `error: the path "${path}" does not exist`;
  if (code === 'EACCES' && path) return `error: permission denied: "${path}"`;
  if (code === 'EADDRINUSE') return `error: address already in use: ${firstLine((err as Error).message)}`;
  if (err instanceof Error) return `error: ${firstLine(err.message)}`;
  return `error: ${String(err)}`;
}
