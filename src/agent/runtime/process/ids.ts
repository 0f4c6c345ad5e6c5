import { randomBytes } from 'node:crypto';

/** 64 hex chars like Docker ids, so logs and tooling look the same across runtimes. */
export function newContainerId(): string {
  return randomBytes(32).toString('hex');
}
