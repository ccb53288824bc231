{{- define "parley.modelStoreClaim" -}}
{{- .Values.modelStore.existingClaim | default (include "parley.name" (dict "root" . "component" "models")) -}}
{{- end -}}

{{/* Pulls the served models into the shared store before the worker starts: a model already there is skipped,
and the store's per-blob lock makes concurrent pods wait rather than download twice. */}}
{{- define "parley.modelPull" -}}
{{- if .Values.models.pull }}
{{- $models := list .Values.models.chat .Values.models.scoring .Values.models.embed | uniq -}}
- name: model-pull
  image: {{ include "parley.image" . }}
  imagePullPolicy: {{ .Values.image.pullPolicy }}
  command: [sh, -c]
  args:
    - |
      set -e
      # A model whose manifest is in the store (laid out as Ollama's) is not fetched again, so pods start offline.
      for m in {{ join " " $models }}; do
        n="${m%%:*}"; t="${m#*:}"; [ "$t" = "$m" ] && t=latest
        case "$n" in */*) p="$n" ;; *) p="library/$n" ;; esac
        [ -f "/models/manifests/registry.ollama.ai/$p/$t" ] || parley model pull --models-dir /models "$m"
      done
  env:
    - { name: HOME, value: /tmp }
    - { name: LLM_REGISTRY_URL, value: {{ .Values.models.registryUrl | quote }} }
  resources:
    requests: { cpu: 100m, memory: 256Mi }
    limits: { memory: 512Mi }
  securityContext:
    {{- toYaml .Values.securityContext | nindent 4 }}
  volumeMounts:
    - { name: models, mountPath: /models }
    - { name: tmp, mountPath: /tmp }
{{- end }}
{{- end -}}
