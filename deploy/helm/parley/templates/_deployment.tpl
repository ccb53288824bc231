{{/*
One Deployment of the Parley image. Every role is the same image with the role as its args, the same hardened pod
(non-root, read-only root filesystem, writable /data and /tmp only), /healthz probes and a spread over nodes.
Args (dict): root, component, region, args, port, env (YAML list text), resources; optional: replicas (omitted when
an HPA owns it), metricsPort, extraPorts, volumes, volumeMounts, initContainers, nodeSelector, annotations.
*/}}
{{- define "parley.deployment" -}}
{{- $root := .root -}}
{{- $ctx := dict "root" $root "component" .component "region" .region -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "parley.name" $ctx }}
  labels:
    {{- include "parley.labels" $ctx | nindent 4 }}
spec:
  {{- if not (kindIs "invalid" .replicas) }}
  replicas: {{ .replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    # One new pod before an old one goes: capacity never drops during an upgrade.
    rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }
  selector:
    matchLabels:
      {{- include "parley.selectorLabels" $ctx | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "parley.labels" $ctx | nindent 8 }}
      annotations:
        {{- with .annotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
        {{- if $root.Values.metrics.annotations }}
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ .metricsPort | default .port | quote }}
        prometheus.io/path: /metrics
        {{- end }}
    spec:
      automountServiceAccountToken: false
      enableServiceLinks: false
      # Longer than SHUTDOWN_TIMEOUT_MS: /healthz answers 503 while in-flight requests finish.
      terminationGracePeriodSeconds: 30
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      {{- with .nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "parley.selectorLabels" $ctx | nindent 14 }}
      {{- with .initContainers }}
      initContainers:
        {{- . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .component }}
          image: {{ include "parley.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args:
            {{- toYaml .args | nindent 12 }}
          ports:
            - name: http
              containerPort: {{ .port }}
              protocol: TCP
            {{- range .extraPorts }}
            - name: {{ .name }}
              containerPort: {{ .port }}
              protocol: TCP
            {{- end }}
          env:
            {{- include "parley.commonEnv" $root | nindent 12 }}
            {{- .env | nindent 12 }}
          # /healthz is 200 when serving and 503 while draining: readiness takes a draining pod out of its Service at
          # once; liveness waits a minute, so a graceful shutdown is never cut short.
          startupProbe:
            httpGet: { path: /healthz, port: http }
            periodSeconds: 5
            failureThreshold: 60
          readinessProbe:
            httpGet: { path: /healthz, port: http }
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 2
          livenessProbe:
            httpGet: { path: /healthz, port: http }
            periodSeconds: 10
            timeoutSeconds: 5
            failureThreshold: 6
          resources:
            {{- toYaml .resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          volumeMounts:
            - { name: data, mountPath: /data }
            - { name: tmp, mountPath: /tmp }
            {{- with .volumeMounts }}
            {{- . | nindent 12 }}
            {{- end }}
      volumes:
        - name: data
          emptyDir: {}
        - name: tmp
          emptyDir: {}
        {{- with .volumes }}
        {{- . | nindent 8 }}
        {{- end }}
{{- end -}}
