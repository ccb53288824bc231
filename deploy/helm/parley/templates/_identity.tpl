{{- define "parley.identityEnv" -}}
- name: IDENTITY_PORT
  value: "8082"
# The issuer is `<public URL>/<pool id>`: the in-cluster URL every verifier (api, gateway, web) uses.
- name: IDENTITY_PUBLIC_URL
  value: {{ include "parley.url" (dict "root" . "component" "identity" "port" 8082) | quote }}
- name: IDENTITY_POOL_ID
  value: {{ .Values.identity.poolId | quote }}
- name: IDENTITY_CLIENT_ID
  value: {{ .Values.identity.clientId | quote }}
- name: IDENTITY_AUTO_CONFIRM
  value: {{ .Values.identity.autoConfirm | quote }}
# Sign-ins arrive through the web pods (which name the browser in X-Forwarded-For); pod addresses are private.
- name: IDENTITY_TRUSTED_PROXIES
  value: 10.0.0.0/8,172.16.0.0/12,192.168.0.0/16
- name: IDENTITY_KEY_SECRET
  valueFrom:
    secretKeyRef: { name: {{ .Values.identity.existingSecret }}, key: key-secret }
- name: IDENTITY_ADMIN_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef: { name: {{ .Values.identity.existingSecret }}, key: admin-access-key-id }
- name: IDENTITY_ADMIN_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef: { name: {{ .Values.identity.existingSecret }}, key: admin-secret-access-key }
{{ include "parley.databaseEnv" . }}
{{- end -}}
