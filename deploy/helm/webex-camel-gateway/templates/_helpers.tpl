{{/* Chart name, truncated to the 63 characters Kubernetes allows. */}}
{{- define "wcg.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: release + chart, unless the release name already holds the chart name. */}}
{{- define "wcg.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "wcg.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "wcg.selectorLabels" -}}
app.kubernetes.io/name: {{ include "wcg.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "wcg.labels" -}}
helm.sh/chart: {{ include "wcg.chart" . }}
{{ include "wcg.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "wcg.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "wcg.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "wcg.secretName" -}}
{{- default (include "wcg.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{/* Refuses settings the gateway would refuse at start-up, or that would run two active bots. Prints nothing. */}}
{{- define "wcg.validate" -}}
{{- $cluster := .Values.cluster.type }}
{{- if not (has $cluster (list "kubernetes" "zookeeper" "none")) }}
{{- fail (printf "cluster.type must be kubernetes, zookeeper or none (got %q)" $cluster) }}
{{- end }}
{{- if and (eq $cluster "none") (gt (int .Values.replicaCount) 1) }}
{{- fail "replicaCount above 1 needs cluster.type kubernetes or zookeeper: without an election every replica would open the Webex socket" }}
{{- end }}
{{- if eq $cluster "zookeeper" }}
{{- $_ := required "cluster.zookeeper (host:port[,host:port]) is required with cluster.type zookeeper" .Values.cluster.zookeeper }}
{{- end }}
{{- if and (ne $cluster "none") (ne .Values.stateStore.type "jdbc") }}
{{- fail "a clustered gateway needs stateStore.type jdbc (one PostgreSQL for all replicas)" }}
{{- end }}
{{- if eq .Values.stateStore.type "jdbc" }}
{{- $_ := required "stateStore.jdbcUrl is required with stateStore.type jdbc" .Values.stateStore.jdbcUrl }}
{{- end }}
{{- if has .Values.management.address (list "127.0.0.1" "localhost" "::1") }}
{{- fail "management.address must not be loopback: the kubelet's probes call the management port from outside the pod" }}
{{- end }}
{{- if not .Values.secrets.existingSecret }}
{{- $_ := required "secrets.values.WEBEX_API_TOKEN is required (or secrets.existingSecret)" .Values.secrets.values.WEBEX_API_TOKEN }}
{{- $_ := required "secrets.values.WEBEX_ADMIN_TOKEN is required: the management port listens beyond loopback for the probes (or secrets.existingSecret)" .Values.secrets.values.WEBEX_ADMIN_TOKEN }}
{{- end }}
{{- end }}
