#!/usr/bin/env bash
# k8s-tools.sh - the pinned tools of the Kubernetes manifest checks (deploy module), installed on
# first use from the Go module proxy, checksummed by Go (sum.golang.org):
#   kubeconform   github.com/yannh/kubeconform, built with `go install`
#   swagger.json  Kubernetes' OpenAPI document (api/openapi-spec of the Go module
#                 k8s.io/kubernetes): the schemas of the core kinds (Pod, RBAC), offline
#   kustomize     sigs.k8s.io/kustomize/kustomize/v5, built with `go install`
#   argo-check    tests/argo-check: calls Argo Workflows' exported packages (offline lint, template
#                 substitution, expression evaluation), built from github.com/argoproj/argo-workflows/v4
#                 as pinned by its go.mod/go.sum; rebuilt when its sources change
# Prints four lines: kubeconform=<path>, swagger=<path>, kustomize=<path> and argo-check=<path>.
# Everything else goes to stderr.
# Needs Go (https://go.dev/dl; an older Go fetches the toolchain kubeconform asks for). Installs
# into $LAKESHORE_TOOLS_DIR, default <repository>/.tools (git-ignored). Go's own module and build
# caches (`go env GOMODCACHE GOCACHE`) are used as they are, so another clone on the same machine,
# or a fresh tools folder, rebuilds the tools from the cache in seconds instead of downloading and
# compiling them again.
set -euo pipefail
KUBECONFORM_VERSION=v0.8.0
KUBERNETES_VERSION=v1.34.4
KUSTOMIZE_VERSION=v5.7.1
cd "$(dirname "$0")/.."
dir=${LAKESHORE_TOOLS_DIR:-$PWD/.tools}
kubeconform=$dir/kubeconform-$KUBECONFORM_VERSION/kubeconform
swagger=$dir/kubernetes-$KUBERNETES_VERSION/swagger.json
kustomize=$dir/kustomize-$KUSTOMIZE_VERSION/kustomize
argo_check_sum=$(cat tests/argo-check/go.mod tests/argo-check/go.sum tests/argo-check/*.go | sha256sum | cut -c1-16)
argo_check=$dir/argo-check-$argo_check_sum/argo-check
if [ ! -x "$kubeconform" ] || [ ! -s "$swagger" ] || [ ! -x "$kustomize" ] || [ ! -x "$argo_check" ]; then
  command -v go >/dev/null || { echo "k8s-tools: Go is needed to install kubeconform, kustomize, argo-check and Kubernetes' OpenAPI: https://go.dev/dl" >&2; exit 1; }
  tmp=$(mktemp -d)
  trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
  go_install() { # <module path>@<version>, the binary's destination (its name is the command's)
    echo "k8s-tools: go install $1" >&2
    mkdir -p "$tmp/bin" "$(dirname "$2")"
    GOBIN=$tmp/bin go install "$1" >&2
    mv "$tmp/bin/$(basename "$2")" "$2"
  }
  [ -x "$kubeconform" ] || go_install "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION" "$kubeconform"
  if [ ! -s "$swagger" ]; then
    echo "k8s-tools: go mod download k8s.io/kubernetes@$KUBERNETES_VERSION (api/openapi-spec/swagger.json)" >&2
    module_dir=$(cd "$tmp" && go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    [ -n "$module_dir" ] || { echo "k8s-tools: go mod download did not name the module's folder" >&2; exit 1; }
    mkdir -p "$(dirname "$swagger")"
    cp "$module_dir/api/openapi-spec/swagger.json" "$swagger.tmp"
    mv "$swagger.tmp" "$swagger"
  fi
  [ -x "$kustomize" ] || go_install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION" "$kustomize"
  if [ ! -x "$argo_check" ]; then
    echo "k8s-tools: go build tests/argo-check (github.com/argoproj/argo-workflows/v4, see its go.mod)" >&2
    (cd tests/argo-check && go build -buildvcs=false -trimpath -o "$tmp/argo-check" . >&2)
    mkdir -p "$(dirname "$argo_check")"
    mv "$tmp/argo-check" "$argo_check"
  fi
fi
echo "kubeconform=$kubeconform"
echo "swagger=$swagger"
echo "kustomize=$kustomize"
echo "argo-check=$argo_check"
