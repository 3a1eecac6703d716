#!/usr/bin/env bash
# k8s-tools.sh - the pinned tools of the Kubernetes manifest checks (deploy module), installed on
# first use from the Go module proxy, checksummed by Go (sum.golang.org):
#   kubeconform   github.com/yannh/kubeconform, built with `go install`
#   swagger.json  Kubernetes' OpenAPI document (api/openapi-spec of the Go module
#                 k8s.io/kubernetes): the schemas of the core kinds (Pod), offline
# Prints two lines: kubeconform=<path> and swagger=<path>. Everything else goes to stderr.
# Needs Go (https://go.dev/dl; an older Go fetches the toolchain kubeconform asks for). Installs
# into $LAKESHORE_TOOLS_DIR, default <repository>/.tools (git-ignored).
set -euo pipefail
KUBECONFORM_VERSION=v0.8.0
KUBERNETES_VERSION=v1.34.4
cd "$(dirname "$0")/.."
dir=${LAKESHORE_TOOLS_DIR:-$PWD/.tools}
kubeconform=$dir/kubeconform-$KUBECONFORM_VERSION/kubeconform
swagger=$dir/kubernetes-$KUBERNETES_VERSION/swagger.json
if [ ! -x "$kubeconform" ] || [ ! -s "$swagger" ]; then
  command -v go >/dev/null || { echo "k8s-tools: Go is needed to install kubeconform and Kubernetes' OpenAPI: https://go.dev/dl" >&2; exit 1; }
  tmp=$(mktemp -d)
  trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
  # a private module cache: nothing of it is kept but the two files
  export GOMODCACHE=$tmp/mod GOFLAGS=-modcacherw
  if [ ! -x "$kubeconform" ]; then
    echo "k8s-tools: go install github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION" >&2
    mkdir -p "$tmp/bin"
    GOBIN=$tmp/bin go install "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION" >&2
    mkdir -p "$(dirname "$kubeconform")"
    mv "$tmp/bin/kubeconform" "$kubeconform"
  fi
  if [ ! -s "$swagger" ]; then
    echo "k8s-tools: go mod download k8s.io/kubernetes@$KUBERNETES_VERSION (api/openapi-spec/swagger.json)" >&2
    (cd "$tmp" && go mod download "k8s.io/kubernetes@$KUBERNETES_VERSION" >&2)
    mkdir -p "$(dirname "$swagger")"
    cp "$GOMODCACHE/k8s.io/kubernetes@$KUBERNETES_VERSION/api/openapi-spec/swagger.json" "$swagger.tmp"
    mv "$swagger.tmp" "$swagger"
  fi
fi
echo "kubeconform=$kubeconform"
echo "swagger=$swagger"
