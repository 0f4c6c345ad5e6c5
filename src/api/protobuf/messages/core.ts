/**
 * core/v1 messages (`staging/src/k8s.io/api/core/v1/generated.proto`): the pod template
 * basics and the kinds `kubectl create <generator>` sends. Unlisted fields are skipped.
 */
import {
  bool, inline, int, intOrString, map, msg, quantity, str, time, type MessageSchema,
} from '../schema.js';
import { ObjectMeta } from './meta.js';

export const LocalObjectReference: MessageSchema = { 1: str('name') };
export const ObjectReference: MessageSchema = {
  1: str('kind'), 2: str('namespace'), 3: str('name'), 4: str('uid'), 5: str('apiVersion'), 6: str('resourceVersion'), 7: str('fieldPath'),
};

const KeyToPath: MessageSchema = { 1: str('key'), 2: str('path'), 3: int('mode', { ptr: true }) };
const keySelector: MessageSchema = { 1: inline(LocalObjectReference), 2: str('key'), 3: bool('optional', { ptr: true }) };

const EnvVarSource: MessageSchema = {
  1: msg('fieldRef', { 1: str('apiVersion'), 2: str('fieldPath') }),
  2: msg('resourceFieldRef', { 1: str('containerName'), 2: str('resource'), 3: quantity('divisor') }),
  3: msg('configMapKeyRef', keySelector),
  4: msg('secretKeyRef', keySelector),
};
const EnvVar: MessageSchema = { 1: str('name'), 2: str('value'), 3: msg('valueFrom', EnvVarSource) };
const envSource: MessageSchema = { 1: inline(LocalObjectReference), 2: bool('optional', { ptr: true }) };
const EnvFromSource: MessageSchema = { 1: str('prefix'), 2: msg('configMapRef', envSource), 3: msg('secretRef', envSource) };

const ContainerPort: MessageSchema = {
  1: str('name'), 2: int('hostPort'), 3: int('containerPort', { ptr: true }), 4: str('protocol'), 5: str('hostIP'),
};
const ResourceRequirements: MessageSchema = {
  1: map('limits', 'quantity'), 2: map('requests', 'quantity'),
  3: msg('claims', { 1: str('name'), 2: str('request') }, { repeated: true }),
};
const VolumeMount: MessageSchema = {
  1: str('name'), 2: bool('readOnly'), 3: str('mountPath'), 4: str('subPath'), 5: str('mountPropagation', { ptr: true }), 6: str('subPathExpr'),
};
const ProbeHandler: MessageSchema = {
  1: msg('exec', { 1: str('command', { repeated: true }) }),
  2: msg('httpGet', {
    1: str('path'), 2: intOrString('port'), 3: str('host'), 4: str('scheme'),
    5: msg('httpHeaders', { 1: str('name'), 2: str('value', { ptr: true }) }, { repeated: true }),
  }),
  3: msg('tcpSocket', { 1: intOrString('port'), 2: str('host') }),
  4: msg('grpc', { 1: int('port', { ptr: true }), 2: str('service', { ptr: true }) }),
};
const Probe: MessageSchema = {
  1: inline(ProbeHandler), 2: int('initialDelaySeconds'), 3: int('timeoutSeconds'), 4: int('periodSeconds'),
  5: int('successThreshold'), 6: int('failureThreshold'), 7: int('terminationGracePeriodSeconds', { ptr: true }),
};
const SecurityContext: MessageSchema = {
  1: msg('capabilities', { 1: str('add', { repeated: true }), 2: str('drop', { repeated: true }) }),
  2: bool('privileged', { ptr: true }), 4: int('runAsUser', { ptr: true }), 5: bool('runAsNonRoot', { ptr: true }),
  6: bool('readOnlyRootFilesystem', { ptr: true }), 7: bool('allowPrivilegeEscalation', { ptr: true }), 8: int('runAsGroup', { ptr: true }),
};

export const Container: MessageSchema = {
  1: str('name'), 2: str('image'), 3: str('command', { repeated: true }), 4: str('args', { repeated: true }), 5: str('workingDir'),
  6: msg('ports', ContainerPort, { repeated: true }), 7: msg('env', EnvVar, { repeated: true }), 8: msg('resources', ResourceRequirements),
  9: msg('volumeMounts', VolumeMount, { repeated: true }), 10: msg('livenessProbe', Probe), 11: msg('readinessProbe', Probe),
  13: str('terminationMessagePath'), 14: str('imagePullPolicy'), 15: msg('securityContext', SecurityContext),
  16: bool('stdin'), 17: bool('stdinOnce'), 18: bool('tty'), 19: msg('envFrom', EnvFromSource, { repeated: true }),
  20: str('terminationMessagePolicy'), 22: msg('startupProbe', Probe), 24: str('restartPolicy', { ptr: true }),
};

const VolumeSource: MessageSchema = {
  1: msg('hostPath', { 1: str('path'), 2: str('type', { ptr: true }) }),
  2: msg('emptyDir', { 1: str('medium'), 2: quantity('sizeLimit') }),
  6: msg('secret', { 1: str('secretName'), 2: msg('items', KeyToPath, { repeated: true }), 3: int('defaultMode', { ptr: true }), 4: bool('optional', { ptr: true }) }),
  10: msg('persistentVolumeClaim', { 1: str('claimName'), 2: bool('readOnly') }),
  19: msg('configMap', { 1: inline(LocalObjectReference), 2: msg('items', KeyToPath, { repeated: true }), 3: int('defaultMode', { ptr: true }), 4: bool('optional', { ptr: true }) }),
};
const Volume: MessageSchema = { 1: str('name'), 2: inline(VolumeSource) };

const Toleration: MessageSchema = { 1: str('key'), 2: str('operator'), 3: str('value'), 4: str('effect'), 5: int('tolerationSeconds', { ptr: true }) };

const PodSecurityContext: MessageSchema = {
  2: int('runAsUser', { ptr: true }), 3: bool('runAsNonRoot', { ptr: true }), 4: int('supplementalGroups', { repeated: true }),
  5: int('fsGroup', { ptr: true }), 6: int('runAsGroup', { ptr: true }),
};

export const PodSpec: MessageSchema = {
  1: msg('volumes', Volume, { repeated: true }), 2: msg('containers', Container, { repeated: true }), 3: str('restartPolicy'),
  4: int('terminationGracePeriodSeconds', { ptr: true }), 5: int('activeDeadlineSeconds', { ptr: true }), 6: str('dnsPolicy'),
  7: map('nodeSelector'), 8: str('serviceAccountName'), 9: str('serviceAccount'), 10: str('nodeName'),
  11: bool('hostNetwork'), 12: bool('hostPID'), 13: bool('hostIPC'), 14: msg('securityContext', PodSecurityContext),
  15: msg('imagePullSecrets', LocalObjectReference, { repeated: true }), 16: str('hostname'), 17: str('subdomain'),
  19: str('schedulerName'), 20: msg('initContainers', Container, { repeated: true }), 21: bool('automountServiceAccountToken', { ptr: true }),
  22: msg('tolerations', Toleration, { repeated: true }), 24: str('priorityClassName'), 25: int('priority', { ptr: true }),
  28: msg('readinessGates', { 1: str('conditionType') }, { repeated: true }), 30: bool('enableServiceLinks', { ptr: true }),
};

export const PodTemplateSpec: MessageSchema = { 1: msg('metadata', ObjectMeta), 2: msg('spec', PodSpec) };

const PodStatus: MessageSchema = { 1: str('phase'), 3: str('message'), 4: str('reason'), 5: str('hostIP'), 6: str('podIP'), 7: time('startTime') };

export const Pod: MessageSchema = { 1: msg('metadata', ObjectMeta), 2: msg('spec', PodSpec), 3: msg('status', PodStatus) };

export const Namespace: MessageSchema = {
  1: msg('metadata', ObjectMeta),
  2: msg('spec', { 1: str('finalizers', { repeated: true }) }),
  3: msg('status', { 1: str('phase') }),
};

export const ConfigMap: MessageSchema = {
  1: msg('metadata', ObjectMeta), 2: map('data'), 3: map('binaryData', 'bytes'), 4: bool('immutable', { ptr: true }),
};

export const Secret: MessageSchema = {
  1: msg('metadata', ObjectMeta), 2: map('data', 'bytes'), 3: str('type'), 4: map('stringData'), 5: bool('immutable', { ptr: true }),
};

export const ServiceAccount: MessageSchema = {
  1: msg('metadata', ObjectMeta), 2: msg('secrets', ObjectReference, { repeated: true }),
  3: msg('imagePullSecrets', LocalObjectReference, { repeated: true }), 4: bool('automountServiceAccountToken', { ptr: true }),
};

const ServicePort: MessageSchema = {
  1: str('name'), 2: str('protocol'), 3: int('port', { ptr: true }), 4: intOrString('targetPort'), 5: int('nodePort'), 6: str('appProtocol', { ptr: true }),
};

const ServiceSpec: MessageSchema = {
  1: msg('ports', ServicePort, { repeated: true }), 2: map('selector'), 3: str('clusterIP'), 4: str('type'),
  5: str('externalIPs', { repeated: true }), 7: str('sessionAffinity'), 8: str('loadBalancerIP'),
  9: str('loadBalancerSourceRanges', { repeated: true }), 10: str('externalName'), 11: str('externalTrafficPolicy'),
  12: int('healthCheckNodePort'), 13: bool('publishNotReadyAddresses'),
  14: msg('sessionAffinityConfig', { 1: msg('clientIP', { 1: int('timeoutSeconds', { ptr: true }) }) }),
  17: str('ipFamilyPolicy', { ptr: true }), 18: str('clusterIPs', { repeated: true }), 19: str('ipFamilies', { repeated: true }),
  20: bool('allocateLoadBalancerNodePorts', { ptr: true }), 21: str('loadBalancerClass', { ptr: true }),
  22: str('internalTrafficPolicy', { ptr: true }), 23: str('trafficDistribution', { ptr: true }),
};

const LoadBalancerIngress: MessageSchema = { 1: str('ip'), 2: str('hostname'), 3: str('ipMode', { ptr: true }) };

export const Service: MessageSchema = {
  1: msg('metadata', ObjectMeta), 2: msg('spec', ServiceSpec),
  3: msg('status', { 1: msg('loadBalancer', { 1: msg('ingress', LoadBalancerIngress, { repeated: true }) }) }),
};
