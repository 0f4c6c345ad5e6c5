/** Manifests of the config/secret/volume end-to-end suite (one namespace: default). */

/** A Secret value unlikely to occur anywhere by chance, so a byte scan that finds it found a leak. */
export const SECRET_VALUE = `tug-secret-${Math.random().toString(36).slice(2, 12)}-value`;

export const CONFIG = `
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  GREETING: hello
  app.properties: color=blue
---
apiVersion: v1
kind: Secret
metadata:
  name: app-secret
stringData:
  API_KEY: ${SECRET_VALUE}
`;

/**
 * The env-consuming Deployment: GREETING and API_KEY from env, the ConfigMap and the Secret
 * as files. CRASH_AFTER_MS is read from the ConfigMap if present (optional), which is how a
 * bad ConfigMap crashes the app. Back-off capped at 2 s so the crash loop shows quickly.
 */
export const DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cfg
spec:
  replicas: 1
  selector:
    matchLabels: { app: cfg }
  template:
    metadata:
      labels: { app: cfg }
      annotations:
        tugboat.io/max-restart-backoff-seconds: "2"
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: app
        image: tug-node:1
        ports: [{ containerPort: 8080 }]
        readinessProbe: { httpGet: { path: /ready, port: 8080 }, periodSeconds: 1 }
        env:
        - name: GREETING
          valueFrom: { configMapKeyRef: { name: app-config, key: GREETING } }
        - name: API_KEY
          valueFrom: { secretKeyRef: { name: app-secret, key: API_KEY } }
        - name: CRASH_AFTER_MS
          valueFrom: { configMapKeyRef: { name: app-config, key: CRASH_AFTER_MS, optional: true } }
        volumeMounts:
        - { name: config, mountPath: /etc/config }
        - { name: secret, mountPath: /etc/secret }
      volumes:
      - name: config
        configMap: { name: app-config }
      - name: secret
        secret: { secretName: app-secret, defaultMode: 0400 }
`;

const sleeper = (name: string, extra: string) => `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: { suite: config }
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - name: main
    image: tug-busybox:1
    command: [sh, -c, 'sleep 3600']
${extra}`;

/** A bare pod reading the ConfigMap as files (bare pods are never rolled out: it shows the in-place update). */
export const READER = sleeper('reader', `
    volumeMounts:
    - { name: config, mountPath: /etc/config }
    - { name: info, mountPath: /etc/podinfo }
  volumes:
  - name: config
    configMap: { name: app-config }
  - name: info
    downwardAPI:
      items:
      - { path: name, fieldRef: { fieldPath: metadata.name } }
      - { path: labels, fieldRef: { fieldPath: metadata.labels } }
`);

export const MISSING_KEY = sleeper('missing-key', `
    env:
    - name: LATE
      valueFrom: { configMapKeyRef: { name: late-config, key: LATE } }
`);

export const OPTIONAL_KEY = sleeper('optional-key', `
    env:
    - name: LATE
      valueFrom: { configMapKeyRef: { name: late-config, key: LATE, optional: true } }
`);

export const MISSING_VOLUME = sleeper('missing-volume', `
    volumeMounts:
    - { name: late, mountPath: /etc/late }
  volumes:
  - name: late
    configMap: { name: volume-config }
`);

export const LATE_CONFIG = `
apiVersion: v1
kind: ConfigMap
metadata:
  name: late-config
data:
  OTHER: x
`;

/** Once /scratch/go exists, writes 4 MiB into a 1 MiB disk emptyDir; has a 1 MiB Memory emptyDir to look at. */
export const HOG = `
apiVersion: v1
kind: Pod
metadata:
  name: hog
  labels: { suite: config }
spec:
  terminationGracePeriodSeconds: 0
  restartPolicy: Never
  containers:
  - name: main
    image: tug-busybox:1
    command: [sh, -c, 'while [ ! -f /scratch/go ]; do sleep 0.2; done; dd if=/dev/zero of=/scratch/fill bs=1024 count=4096; sleep 3600']
    volumeMounts:
    - { name: scratch, mountPath: /scratch }
    - { name: fast, mountPath: /fast }
  volumes:
  - name: scratch
    emptyDir: { sizeLimit: 1Mi }
  - name: fast
    emptyDir: { medium: Memory, sizeLimit: 1Mi }
`;

export function claimManifests(hostDir: string): string {
  return `
apiVersion: v1
kind: PersistentVolume
metadata:
  name: config-e2e-pv
spec:
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  persistentVolumeReclaimPolicy: Retain
  hostPath: { path: ${hostDir} }
  claimRef: { name: data, namespace: default }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  volumeName: config-e2e-pv
  resources: { requests: { storage: 1Gi } }
`;
}

export const WRITER = sleeper('writer', `
    volumeMounts:
    - { name: data, mountPath: /data }
  volumes:
  - name: data
    persistentVolumeClaim: { claimName: data }
`);

/** A pod that asks for API credentials: the ServiceAccount token mount (issue 7 item 4). */
export const API_CLIENT = sleeper('api-client', `
  automountServiceAccountToken: true
`);
