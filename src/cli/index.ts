/** The `tug` command line. */
export { main } from './main.js';
export { buildProgram } from './program.js';
export type { CliIo } from './io.js';
