import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.js';
import type { CliIo } from '../../../src/cli/io.js';

function capture(files: Record<string, string> = {}): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => { out += t; },
    err: (t) => { err += t; },
    readInput: async (path) => {
      if (path in files) return files[path];
      const { readFile } = await import('node:fs/promises');
      return readFile(path, 'utf8');
    },
    env: {},
    stdout: () => out,
    stderr: () => err,
  };
}

async function run(argv: string[], files?: Record<string, string>) {
  const io = capture(files);
  const code = await main(argv, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

function assertOneLineError(result: { code: number; stderr: string }, pattern: RegExp): void {
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, pattern);
  assert.equal(result.stderr.trimEnd().split('\n').length, 1, `expected one line, got:\n${result.stderr}`);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}

void describe('tug argument handling', () => {
  void it('prints the version and exits 0', async () => {
    const result = await run(['version']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^tug v\d+\.\d+\.\d+ \(Kubernetes API v1\.32\)\n$/);
  });

  void it('rejects an unknown command with one line and a non-zero code', async () => {
    assertOneLineError(await run(['frobnicate']), /unknown command 'frobnicate'/);
  });

  void it('rejects an unknown option', async () => {
    assertOneLineError(await run(['up', '--frob']), /unknown option '--frob'/);
  });

  void it('rejects a port that is not a number', async () => {
    assertOneLineError(await run(['up', '--port', 'abc', '--data-dir', '/nonexistent/x']), /^error: invalid --port "abc"/);
  });

  void it('rejects a port out of range', async () => {
    assertOneLineError(await run(['server', '--port', '70000']), /invalid --port "70000"/);
  });

  void it('rejects a bind address that is not an IP', async () => {
    assertOneLineError(await run(['up', '--bind', 'example.com']), /invalid --bind "example.com"/);
  });

  void it('rejects an unknown log level', async () => {
    assertOneLineError(await run(['up', '--log-level', 'loud']), /'loud' is invalid/);
  });

  void it('rejects an unknown resource type before contacting any server', async () => {
    assertOneLineError(await run(['get', 'frobs']), /^error: the server doesn't have a resource type "frobs"/);
  });

  void it('rejects an unsupported output format', async () => {
    assertOneLineError(await run(['get', 'pods', '-o', 'xml']), /output format "xml"/);
  });

  void it('requires -f for apply', async () => {
    assertOneLineError(await run(['apply']), /required option '-f, --filename <file>' not specified/);
  });

  void it('reports a missing manifest file by path', async () => {
    assertOneLineError(await run(['apply', '-f', '/nonexistent/m.yaml']), /^error: the path "\/nonexistent\/m.yaml" does not exist/);
  });

  void it('reports malformed YAML without contacting any server', async () => {
    const result = await run(['apply', '-f', 'bad.yaml'], { 'bad.yaml': 'kind: ConfigMap\nmetadata: {name: [unclosed\n' });
    assertOneLineError(result, /^error: error parsing bad.yaml: /);
  });

  void it('reports an unknown kind in a manifest', async () => {
    const result = await run(['apply', '-f', 'm.yaml'], { 'm.yaml': 'apiVersion: v1\nkind: Frob\nmetadata: {name: x}\n' });
    assertOneLineError(result, /no matches for kind "Frob" in version "v1"/);
  });

  void it('requires a name for delete', async () => {
    assertOneLineError(await run(['delete', 'configmaps']), /resource name is required/);
  });

  void it('reports a missing kubeconfig as one line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tug-cli-'));
    try {
      const result = await run(['get', 'pods', '--kubeconfig', join(dir, 'nope.yaml')]);
      assertOneLineError(result, /does not exist/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  void it('reports a kubeconfig without a current context as one line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tug-cli-'));
    try {
      await writeFile(join(dir, 'k.yaml'), 'apiVersion: v1\nkind: Config\n');
      assertOneLineError(await run(['get', 'pods', '--kubeconfig', join(dir, 'k.yaml')]), /current-context/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  void it('prints help and exits 0 for --help', async () => {
    const result = await run(['--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Usage: tug/);
    assert.match(result.stdout, /\bup\b/);
  });
});
