// argo-check calls Argo Workflows' exported Go packages offline, for the deploy module's Argo
// tests (ArgoWorkflowsTest); tests/k8s-tools.sh builds it from this folder, pinned by
// go.mod/go.sum. It only calls Argo as a library: how the controller expands loops, evaluates a
// `when` or matches a resource's conditions is simulated in the Java test, from Argo's docs.
//
//	argo-check lint FILE...   Argo's lint package (github.com/argoproj/argo-workflows/v4/cmd/argo/lint)
//	                          with the CLI's offline client, strict: the checks of
//	                          `argo lint --offline`. The argo CLI itself does not build from the
//	                          Go module proxy (its embedded UI, ui/dist, is not in the module).
//	argo-check eval           reads one JSON request on stdin, prints one JSON answer
//	                          {"result":...} or {"error":"..."}:
//	  {"op":"replace","text":"...","scope":{...},"allowUnresolved":false}
//	                          util/template.Replace on the text (as a JSON string): {{x}} and
//	                          {{=expression}} tags; with allowUnresolved a tag it cannot resolve
//	                          is kept as it is instead of failing
//	  {"op":"retry","expression":"...","scope":{"lastRetry.status":...}}
//	                          a boolean expression evaluated by util/expr/argoexpr.EvalBool over
//	                          util/expr/env.GetFuncMap of the scope
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/argoproj/argo-workflows/v4/cmd/argo/commands/client"
	"github.com/argoproj/argo-workflows/v4/cmd/argo/lint"
	wf "github.com/argoproj/argo-workflows/v4/pkg/apis/workflow"
	"github.com/argoproj/argo-workflows/v4/util/expr/argoexpr"
	"github.com/argoproj/argo-workflows/v4/util/expr/env"
	"github.com/argoproj/argo-workflows/v4/util/logging"
	"github.com/argoproj/argo-workflows/v4/util/template"
)

func main() {
	if len(os.Args) < 2 {
		fail(2, "usage: argo-check lint FILE... | argo-check eval < request.json")
	}
	switch os.Args[1] {
	case "lint":
		runLint(os.Args[2:])
	case "eval":
		runEval()
	default:
		fail(2, "unknown command "+os.Args[1])
	}
}

func fail(code int, msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(code)
}

// runLint lints files with no cluster: the offline API client reads the files themselves (so a
// templateRef to a WorkflowTemplate in another file resolves), every Argo kind, strict.
func runLint(files []string) {
	client.Offline = true
	client.OfflineFiles = files
	ctx, apiClient, err := client.NewAPIClient(context.Background())
	if err != nil {
		fail(2, err.Error())
	}
	kinds := []string{wf.WorkflowPlural, wf.WorkflowTemplatePlural, wf.CronWorkflowPlural, wf.ClusterWorkflowTemplatePlural}
	opts := lint.LintOptions{Files: files, Strict: true, DefaultNamespace: client.Namespace(ctx), Printer: os.Stdout}
	if err := lint.RunLint(ctx, apiClient, kinds, "simple", true, opts); err != nil {
		fail(2, err.Error())
	}
}

type request struct {
	Op              string            `json:"op"`
	Text            string            `json:"text"`
	Expression      string            `json:"expression"`
	Scope           map[string]string `json:"scope"`
	AllowUnresolved bool              `json:"allowUnresolved"`
}

type answer struct {
	Result any    `json:"result,omitempty"`
	Error  string `json:"error,omitempty"`
}

func runEval() {
	var req request
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		fail(2, "cannot read the request: "+err.Error())
	}
	ctx := logging.WithLogger(context.Background(), logging.NewSlogLogger(logging.Error, logging.Text))
	result, err := eval(ctx, req)
	out := answer{Result: result}
	if err != nil {
		out = answer{Error: err.Error()}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fail(2, err.Error())
	}
}

func eval(ctx context.Context, req request) (any, error) {
	switch req.Op {
	case "replace":
		// template.Replace takes JSON text: the text goes in as one JSON string and comes back out
		quoted, err := json.Marshal(req.Text)
		if err != nil {
			return nil, err
		}
		replaced, err := template.Replace(ctx, string(quoted), req.Scope, req.AllowUnresolved)
		if err != nil {
			return nil, err
		}
		var s string
		err = json.Unmarshal([]byte(replaced), &s)
		return s, err
	case "retry":
		scope := map[string]any{}
		for k, v := range req.Scope {
			scope[k] = v
		}
		return argoexpr.EvalBool(req.Expression, env.GetFuncMap(scope))
	}
	return nil, fmt.Errorf("unknown op %q", req.Op)
}
