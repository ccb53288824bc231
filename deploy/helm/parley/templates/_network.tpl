{{/* Peers and the policy shape of networkpolicies.yaml. */}}

{{/* A peer: the pods of one component (and region) of this release. Args: root, component, region. */}}
{{- define "parley.podPeer" -}}
podSelector:
  matchLabels:
    {{- include "parley.selectorLabels" . | nindent 4 }}
{{- end -}}

{{/* A peer: every pod of a namespace, by its name label. */}}
{{- define "parley.namespacePeer" -}}
namespaceSelector:
  matchLabels:
    kubernetes.io/metadata.name: {{ . }}
{{- end -}}

{{- define "parley.tcp" -}}
{{- $ports := list -}}
{{- range . }}{{ $ports = append $ports (dict "protocol" "TCP" "port" .) }}{{ end -}}
{{- toYaml $ports -}}
{{- end -}}

{{/*
One NetworkPolicy for a component's pods. Args: root, component, region, ingress and egress (lists of
{peers: [peer YAML text], ports: [int]}; an empty list allows nothing beyond the defaults).
*/}}
{{- define "parley.networkPolicy" -}}
{{- $ctx := dict "root" .root "component" .component "region" .region -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "parley.name" $ctx }}
  labels:
    {{- include "parley.labels" $ctx | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "parley.selectorLabels" $ctx | nindent 6 }}
  policyTypes: [Ingress, Egress]
  ingress:
    {{- range .ingress }}
    - from:
        {{- range .peers }}
        - {{ . | nindent 10 | trim }}
        {{- end }}
      ports:
        {{- include "parley.tcp" .ports | nindent 8 }}
    {{- else }} []
    {{- end }}
  egress:
    {{- range .egress }}
    {{- if .peers }}
    - to:
        {{- range .peers }}
        - {{ . | nindent 10 | trim }}
        {{- end }}
      ports:
    {{- else }}
    - ports:
    {{- end }}
        {{- include "parley.tcp" .ports | nindent 8 }}
    {{- else }} []
    {{- end }}
{{- end -}}
