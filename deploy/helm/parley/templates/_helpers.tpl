{{/* Names, labels and the pieces every Parley pod shares. */}}

{{- define "parley.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 24 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 24 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Name of a component's objects; per-region workers get the region as a suffix. Args: root, component, region. */}}
{{- define "parley.name" -}}
{{- $base := printf "%s-%s" (include "parley.fullname" .root) .component -}}
{{- if .region -}}{{- $base = printf "%s-%s" $base .region -}}{{- end -}}
{{- $base | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "parley.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- if .region }}
parley.dev/region: {{ .region }}
{{- end }}
{{- end -}}

{{- define "parley.labels" -}}
{{ include "parley.selectorLabels" . }}
app.kubernetes.io/part-of: parley
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "parley.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* In-cluster base URL of a component's Service. Args: root, component, region, port. */}}
{{- define "parley.url" -}}
http://{{ include "parley.name" . }}:{{ .port }}
{{- end -}}

{{- define "parley.identityIssuer" -}}
{{ include "parley.url" (dict "root" . "component" "identity" "port" 8082) }}/{{ .Values.identity.poolId }}
{{- end -}}

{{/* The token settings of the api and the gateway: the release's identity service is the issuer. */}}
{{- define "parley.authEnv" -}}
- name: AUTH_ISSUER
  value: {{ include "parley.identityIssuer" . | quote }}
- name: AUTH_REVOCATIONS_URL
  value: {{ printf "%s/revocations" (include "parley.identityIssuer" .) | quote }}
- name: AUTH_CLIENT_IDS
  value: {{ .Values.identity.clientId | quote }}
{{- end -}}

{{/* DATABASE_URL from an existing Secret: the operator's `<cluster>-app` one, or the one named in values. */}}
{{- define "parley.databaseEnv" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
{{- if eq .Values.database.mode "cloudnativepg" }}
      name: {{ include "parley.name" (dict "root" . "component" "db") }}-app
      key: uri
{{- else if eq .Values.database.mode "external" }}
      name: {{ required "database.external.existingSecret names the Secret with the database URL" .Values.database.external.existingSecret }}
      key: {{ .Values.database.external.key }}
{{- else }}
{{- fail "database.mode must be external or cloudnativepg" }}
{{- end }}
{{- end -}}

{{/* The api's TLS setting (DATABASE_SSL); CloudNativePG serves TLS with its own CA, so `require`. Identity reads
no such variable: its TLS follows the URL's sslmode. */}}
{{- define "parley.databaseSsl" -}}
- name: DATABASE_SSL
  value: {{ if eq .Values.database.mode "cloudnativepg" }}require{{ else }}{{ .Values.database.external.ssl | quote }}{{ end }}
{{- end -}}

{{/* Environment every Parley container gets. */}}
{{- define "parley.commonEnv" -}}
- name: HOST
  value: 0.0.0.0
- name: PARLEY_DATA_DIR
  value: /data
- name: LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
{{- range $name, $value := .Values.extraEnv }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{- define "parley.checkRegions" -}}
{{- if not .Values.regions }}{{ fail "regions: name at least one region" }}{{ end -}}
{{- range .Values.regions }}
{{- if not (regexMatch "^[a-z0-9][a-z0-9-]{0,30}$" (.name | default "")) }}
{{- fail (printf "regions: %q is not a region name (lowercase letters, digits and -, at most 31)" (.name | default "")) }}
{{- end }}
{{- end -}}
{{- end -}}
