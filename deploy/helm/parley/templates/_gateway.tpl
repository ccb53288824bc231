{{/* The gateway's topology file (services/gateway/src/topology.ts). */}}
{{- define "parley.topology" -}}
{{- $root := . -}}
{{- $regions := list -}}
{{- range .Values.regions -}}
{{- $r := .name -}}
{{- $pool := dict -}}
{{- range $kind, $port := dict "llm" 11434 "chat" 11435 "scoring" 11436 -}}
{{- $_ := set $pool $kind (list (include "parley.url" (dict "root" $root "component" (printf "%s-worker" $kind) "region" $r "port" $port))) -}}
{{- end -}}
{{- $regions = append $regions (dict "name" $r "pools" $pool) -}}
{{- end -}}
{{- dict "api" (list (include "parley.url" (dict "root" . "component" "api" "port" 8081))) "regions" $regions | toPrettyJson -}}
{{- end -}}

{{- define "parley.gatewayEnv" -}}
- name: PORT
  value: "8080"
- name: GATEWAY_CONFIG
  value: /etc/parley/topology.json
- name: GATEWAY_HOME_REGION
  value: {{ (first .Values.regions).name | quote }}
- name: GATEWAY_STRATEGY
  value: {{ .Values.gateway.strategy | quote }}
- name: GATEWAY_METRICS_PORT
  value: {{ .Values.gateway.metricsPort | quote }}
# The metrics listener is internal: the NetworkPolicy admits only the monitoring namespace to it.
- name: GATEWAY_METRICS_HOST
  value: 0.0.0.0
- name: GATEWAY_CORS_ORIGINS
  value: {{ printf "https://%s" .Values.ingress.host | quote }}
- name: GATEWAY_IDENTITY_POOL_ID
  value: {{ .Values.identity.poolId | quote }}
- name: GATEWAY_IDENTITY_ENDPOINT
  value: {{ include "parley.url" (dict "root" . "component" "identity" "port" 8082) | quote }}
- name: GATEWAY_IDENTITY_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef: { name: {{ .Values.identity.existingSecret }}, key: admin-access-key-id }
- name: GATEWAY_IDENTITY_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef: { name: {{ .Values.identity.existingSecret }}, key: admin-secret-access-key }
{{ include "parley.authEnv" . }}
{{- end -}}
