/** The CLI's view of the terminal, injected so tests capture output without a process. */
import { readFile } from 'node:fs/promises';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Reads a file, or standard input for '-'. */
  readInput(path: string): Promise<string>;
  env: Record<string, string | undefined>;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  readInput: (path) => (path === '-' ? readStdin() : readFile(path, 'utf8')),
  env: process.env,
};
