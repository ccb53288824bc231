{{/* Every Deployment of the release as JSON: [{component, region, port}], for the Services and PDBs. */}}
{{- define "parley.components" -}}
{{- $list := list (dict "component" "gateway" "port" 8080) (dict "component" "api" "port" 8081)
    (dict "component" "identity" "port" 8082) (dict "component" "web" "port" 3000) -}}
{{- range .Values.regions -}}
{{- $list = concat $list (list (dict "component" "llm-worker" "region" .name "port" 11434)
    (dict "component" "chat-worker" "region" .name "port" 11435)
    (dict "component" "scoring-worker" "region" .name "port" 11436)) -}}
{{- end -}}
{{- toJson $list -}}
{{- end -}}
