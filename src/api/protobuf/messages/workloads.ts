/**
 * apps/v1 and batch/v1 messages (`staging/src/k8s.io/api/{apps,batch}/v1/generated.proto`).
 */
import { bool, int, intOrString, msg, str, type MessageSchema } from '../schema.js';
import { PodTemplateSpec } from './core.js';
import { Condition, LabelSelector, ObjectMeta } from './meta.js';

const DeploymentStrategy: MessageSchema = {
  1: str('type'),
  2: msg('rollingUpdate', { 1: intOrString('maxUnavailable'), 2: intOrString('maxSurge') }),
};

const DeploymentSpec: MessageSchema = {
  1: int('replicas', { ptr: true }), 2: msg('selector', LabelSelector), 3: msg('template', PodTemplateSpec),
  4: msg('strategy', DeploymentStrategy), 5: int('minReadySeconds'), 6: int('revisionHistoryLimit', { ptr: true }),
  7: bool('paused'), 9: int('progressDeadlineSeconds', { ptr: true }),
};

const DeploymentStatus: MessageSchema = {
  1: int('observedGeneration'), 2: int('replicas'), 3: int('updatedReplicas'), 4: int('availableReplicas'),
  5: int('unavailableReplicas'), 7: int('readyReplicas'), 8: int('collisionCount', { ptr: true }),
};

export const Deployment: MessageSchema = { 1: msg('metadata', ObjectMeta), 2: msg('spec', DeploymentSpec), 3: msg('status', DeploymentStatus) };

const ReplicaSetSpec: MessageSchema = {
  1: int('replicas', { ptr: true }), 2: msg('selector', LabelSelector), 3: msg('template', PodTemplateSpec), 4: int('minReadySeconds'),
};

export const ReplicaSet: MessageSchema = { 1: msg('metadata', ObjectMeta), 2: msg('spec', ReplicaSetSpec), 3: msg('status', { 1: int('replicas') }) };

const JobSpec: MessageSchema = {
  1: int('parallelism', { ptr: true }), 2: int('completions', { ptr: true }), 3: int('activeDeadlineSeconds', { ptr: true }),
  4: msg('selector', LabelSelector), 5: bool('manualSelector', { ptr: true }), 6: msg('template', PodTemplateSpec),
  7: int('backoffLimit', { ptr: true }), 8: int('ttlSecondsAfterFinished', { ptr: true }), 9: str('completionMode', { ptr: true }),
  10: bool('suspend', { ptr: true }), 12: int('backoffLimitPerIndex', { ptr: true }), 13: int('maxFailedIndexes', { ptr: true }),
  14: str('podReplacementPolicy', { ptr: true }), 15: str('managedBy', { ptr: true }),
};

const JobStatus: MessageSchema = { 1: msg('conditions', Condition, { repeated: true }), 4: int('active'), 5: int('succeeded'), 6: int('failed') };

export const Job: MessageSchema = { 1: msg('metadata', ObjectMeta), 2: msg('spec', JobSpec), 3: msg('status', JobStatus) };
