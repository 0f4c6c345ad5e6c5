#!/usr/bin/env node
// TUG_DIST (a compiled tree inside this repository, e.g. .tmp/mine-dist) lets a developer run
// a private build next to the shared dist/; by default the CLI runs from ../dist.
import { resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = process.env.TUG_DIST ? resolve(root, process.env.TUG_DIST) : resolve(root, 'dist');
const { main } = await import(pathToFileURL(resolve(dist, 'src/cli/main.js')).href);
process.exitCode = await main(process.argv.slice(2));
