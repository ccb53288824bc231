{{- define "parley.webEnv" -}}
- name: WEB_PORT
  value: "3000"
- name: WEB_GATEWAY_URL
  value: {{ include "parley.url" (dict "root" . "component" "gateway" "port" 8080) | quote }}
- name: WEB_IDENTITY_ENDPOINT
  value: {{ include "parley.url" (dict "root" . "component" "identity" "port" 8082) | quote }}
- name: WEB_REVOCATIONS_URL
  value: {{ printf "%s/revocations" (include "parley.identityIssuer" .) | quote }}
- name: WEB_COGNITO_REGION
  value: {{ (first .Values.regions).name | quote }}
- name: WEB_COGNITO_CLIENT_ID
  value: {{ .Values.identity.clientId | quote }}
- name: WEB_DEFAULT_REGION
  value: {{ .Values.web.defaultRegion | quote }}
- name: WEB_CODE_DELIVERY
  value: {{ .Values.web.codeDelivery | quote }}
# The ingress controller's pods name the browser in X-Forwarded-For.
- name: WEB_TRUSTED_PROXIES
  value: 10.0.0.0/8,172.16.0.0/12,192.168.0.0/16
- name: WEB_ALLOWED_ORIGINS
  value: {{ prepend .Values.web.allowedOrigins (printf "https://%s" .Values.ingress.host) | join "," | quote }}
- name: WEB_SESSION_SECRET
  valueFrom:
    secretKeyRef: { name: {{ .Values.web.existingSecret }}, key: session-secret }
{{- if .Values.redis.enabled }}
- name: WEB_TEMP_REDIS_URL
{{- if eq .Values.redis.mode "external" }}
  valueFrom:
    secretKeyRef: { name: {{ .Values.redis.external.existingSecret }}, key: {{ .Values.redis.external.key }} }
{{- else }}
  value: {{ printf "redis://%s:6379" (include "parley.name" (dict "root" . "component" "redis")) | quote }}
{{- end }}
{{- end }}
{{- end -}}
