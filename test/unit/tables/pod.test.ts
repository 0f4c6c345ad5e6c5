import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toTable } from '../../../src/api/tables/index.js';
import type { KubeObject } from '../../../src/api/types.js';
import { NOW, aPod, ago, resource, running, terminated, waiting } from './builders.js';

function cells(pod: KubeObject): unknown[] {
  return toTable(resource('v1', 'Pod'), [pod], { includeObject: 'None', now: NOW }).rows[0].cells;
}
const status = (pod: KubeObject): unknown => cells(pod)[2];

void test('pod columns are upstream\'s, wide ones at priority 1', () => {
  const t = toTable(resource('v1', 'Pod'), [], { includeObject: 'None', now: NOW });
  assert.deepEqual(t.columnDefinitions.map((c) => `${c.name}:${c.priority}`),
    ['Name:0', 'Ready:0', 'Status:0', 'Restarts:0', 'Age:0', 'IP:1', 'Node:1', 'Nominated Node:1', 'Readiness Gates:1']);
});

void test('a running ready pod prints 1/1 Running 0 with its IP and node', () => {
  assert.deepEqual(cells(aPod('p1', { statuses: [running()] })), ['p1', '1/1', 'Running', '0', '5m', '10.0.0.5', 'node-1', '<none>', '<none>']);
});

void test('a waiting container shows its reason: ContainerCreating, ErrImagePull, CrashLoopBackOff', () => {
  assert.equal(status(aPod('p', { phase: 'Pending', statuses: [waiting('ContainerCreating')] })), 'ContainerCreating');
  assert.equal(status(aPod('p', { phase: 'Pending', statuses: [waiting('ErrImagePull')] })), 'ErrImagePull');
  assert.equal(status(aPod('p', { statuses: [waiting('CrashLoopBackOff')] })), 'CrashLoopBackOff');
});

void test('restarts carry the age of the last termination', () => {
  const crashing = waiting('CrashLoopBackOff', 'main', { restartCount: 4, lastState: { terminated: { exitCode: 1, finishedAt: ago(5 * 60_000) } } });
  const c = cells(aPod('p', { statuses: [crashing] }));
  assert.equal(c[1], '0/1');
  assert.equal(c[3], '4 (5m ago)');
});

void test('a pod whose containers completed shows Completed; exit codes without reason show ExitCode:N', () => {
  assert.equal(status(aPod('p', { phase: 'Succeeded', statuses: [terminated('Completed', 0)] })), 'Completed');
  assert.equal(status(aPod('p', { phase: 'Failed', statuses: [terminated(undefined, 3)] })), 'ExitCode:3');
});

void test('completed pods carry a Completed row condition', () => {
  const t = toTable(resource('v1', 'Pod'), [aPod('p', { phase: 'Succeeded', statuses: [terminated('Completed', 0)] })], { includeObject: 'None', now: NOW });
  assert.equal(t.rows[0].conditions?.[0].type, 'Completed');
});

void test('Completed with another container still running reads Running when the pod is Ready', () => {
  const pod = aPod('p', {
    containers: ['a', 'b'], statuses: [terminated('Completed', 0, 'a'), running('b')],
    conditions: [{ type: 'Ready', status: 'True' }],
  });
  // Upstream walks statuses from last to first, so "a"'s Completed is seen last.
  assert.equal(status(pod), 'Running');
});

void test('init containers: Init:0/1 while the first runs, Init:Error when one failed, Init:CrashLoopBackOff when waiting', () => {
  const initContainers = [{ name: 'init' }];
  assert.equal(status(aPod('p', { phase: 'Pending', initContainers, initStatuses: [running('init')] })), 'Init:0/1');
  assert.equal(status(aPod('p', { phase: 'Pending', initContainers, initStatuses: [terminated('Error', 1, 'init')] })), 'Init:Error');
  assert.equal(status(aPod('p', { phase: 'Pending', initContainers, initStatuses: [waiting('CrashLoopBackOff', 'init')] })), 'Init:CrashLoopBackOff');
  assert.equal(status(aPod('p', { phase: 'Pending', initContainers, initStatuses: [terminated(undefined, 2, 'init')] })), 'Init:ExitCode:2');
});

void test('a sidecar (restartPolicy Always init container) counts toward READY', () => {
  const pod = aPod('p', {
    initContainers: [{ name: 'side', restartPolicy: 'Always' }],
    initStatuses: [running('side', { started: true })],
    statuses: [running()],
    conditions: [{ type: 'Initialized', status: 'True' }],
  });
  assert.deepEqual(cells(pod).slice(1, 3), ['2/2', 'Running']);
});

void test('a pod being deleted shows Terminating unless it already finished', () => {
  assert.equal(status(aPod('p', { statuses: [running()], deletionTimestamp: ago(1000) })), 'Terminating');
  assert.equal(status(aPod('p', { phase: 'Succeeded', statuses: [terminated('Completed', 0)], deletionTimestamp: ago(1000) })), 'Completed');
  assert.equal(status(aPod('p', { reason: 'NodeLost', statuses: [running()], deletionTimestamp: ago(1000) })), 'Unknown');
});

void test('scheduling gates show SchedulingGated; a pending pod without statuses shows Pending', () => {
  assert.equal(status(aPod('p', { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] })), 'SchedulingGated');
  assert.equal(status(aPod('p', { phase: 'Pending' })), 'Pending');
});
