// argo-check runs Argo Workflows' own code offline, for the deploy module's Argo tests
// (ArgoWorkflowsTest); tests/k8s-tools.sh builds it from this folder, pinned by go.mod/go.sum.
//
//	argo-check lint FILE...   what `argo lint --offline --strict` does (Argo's cmd/argo/lint with
//	                          the offline client): the argo CLI itself does not build from the Go
//	                          module proxy (its embedded UI, ui/dist, is not in the module)
//	argo-check eval           reads one JSON request on stdin, prints one JSON answer:
//	  {"op":"replace","text":"...","scope":{...}}   Argo's template substitution ({{x}} and
//	                          {{=expression}}), as the controller applies it to a template
//	  {"op":"retry","expression":"...","scope":{"lastRetry.status":...}}  a retryStrategy
//	                          expression, evaluated as the controller does (env.GetFuncMap + EvalBool)
//	  {"op":"conditions","success":"...","failure":"...","text":"<resource JSON>"}  a resource
//	                          template's success and failure conditions on a resource, as the
//	                          executor's resource.go matches them: "succeeded", "waiting", or the
//	                          failure message the step ends with (what lastRetry.message holds)
//	  {"op":"when","text":"..."}  a substituted `when`, evaluated as the controller does
//	  {"op":"expand","task":{...},"scope":{...}}  a DAG task with withSequence/withParam/withItems
//	                          expanded as the controller's dag.go does: the task substituted with the
//	                          DAG's scope (unresolved tags kept), the items, then each copy
//	                          substituted with the scope and {{item}}
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/Knetic/govaluate"
	"github.com/tidwall/gjson"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/argoproj/argo-workflows/v4/cmd/argo/commands/client"
	"github.com/argoproj/argo-workflows/v4/cmd/argo/lint"
	wf "github.com/argoproj/argo-workflows/v4/pkg/apis/workflow"
	wfv1 "github.com/argoproj/argo-workflows/v4/pkg/apis/workflow/v1alpha1"
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

// runLint is cmd/argo/commands/lint.go's runLint with --offline and --strict (the defaults of
// `argo lint` but offline), output "simple".
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
	Op         string            `json:"op"`
	Text       string            `json:"text"`
	Expression string            `json:"expression"`
	Scope      map[string]string `json:"scope"`
	Task       json.RawMessage   `json:"task"`
	Success    string            `json:"success"`
	Failure    string            `json:"failure"`
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
		// the controller substitutes templates as JSON text
		text, err := json.Marshal(req.Text)
		if err != nil {
			return nil, err
		}
		replaced, err := template.Replace(ctx, string(text), req.Scope, false)
		if err != nil {
			return nil, err
		}
		var s string
		err = json.Unmarshal([]byte(replaced), &s)
		return s, err
	case "retry":
		// operator.go: buildRetryStrategyLocalScope, then env.GetFuncMap and argoexpr.EvalBool
		scope := map[string]any{}
		for k, v := range req.Scope {
			scope[k] = v
		}
		return argoexpr.EvalBool(req.Expression, env.GetFuncMap(scope))
	case "when":
		return shouldExecute(req.Text)
	case "conditions":
		return conditions(req.Success, req.Failure, []byte(req.Text))
	case "expand":
		return expand(ctx, req.Task, req.Scope)
	}
	return nil, fmt.Errorf("unknown op %q", req.Op)
}

// expand follows workflow/controller/dag.go (executeDAGTask: resolveDependencyReferences, then
// expandTask) and operator.go (processItem, expandSequence) of Argo v4.0.5: the `when` is
// resolved and evaluated first, and a task that does not run expands to nothing; otherwise the
// task is substituted with the DAG's scope, keeping tags it cannot resolve ({{item}}, or an
// expression that fails), then expanded, and each copy substituted with {{item}}, now refusing
// what it cannot resolve.
func expand(ctx context.Context, raw json.RawMessage, scope map[string]string) ([]wfv1.DAGTask, error) {
	var original wfv1.DAGTask
	if err := json.Unmarshal(raw, &original); err != nil {
		return nil, err
	}
	strict := []string{"tasks", "steps"}
	if original.When != "" {
		whenJSON, err := json.Marshal(original.When)
		if err != nil {
			return nil, err
		}
		resolved, err := template.ReplaceStrict(ctx, string(whenJSON), scope, strict)
		if err != nil {
			return nil, err
		}
		var when string
		if err := json.Unmarshal([]byte(resolved), &when); err != nil {
			return nil, err
		}
		if proceed, err := shouldExecute(when); err == nil && !proceed {
			return []wfv1.DAGTask{}, nil
		}
	}
	resolved, err := template.ReplaceStrict(ctx, string(raw), scope, strict)
	if err != nil {
		return nil, err
	}
	var task wfv1.DAGTask
	if err := json.Unmarshal([]byte(resolved), &task); err != nil {
		return nil, err
	}
	var items []wfv1.Item
	switch {
	case len(task.WithItems) > 0:
		items = task.WithItems
	case task.WithParam != "":
		if err := json.Unmarshal([]byte(task.WithParam), &items); err != nil {
			return nil, fmt.Errorf("withParam value could not be parsed as a JSON list: %s: %v", strings.TrimSpace(task.WithParam), err)
		}
	case task.WithSequence != nil:
		items, err = expandSequence(task.WithSequence)
		if err != nil {
			return nil, err
		}
	default:
		return []wfv1.DAGTask{task}, nil
	}
	taskBytes, err := json.Marshal(task)
	if err != nil {
		return nil, err
	}
	tmpl, err := template.NewTemplate(string(taskBytes))
	if err != nil {
		return nil, err
	}
	proceed, whenErr := shouldExecute(task.When)
	tasks := make([]wfv1.DAGTask, 0, len(items))
	for i, item := range items {
		replaceMap := map[string]any{}
		for k, v := range scope {
			replaceMap[k] = v
		}
		switch item.GetType() {
		case wfv1.Number, wfv1.Bool:
			replaceMap["item"] = fmt.Sprintf("%v", item)
		case wfv1.String:
			replaceMap["item"] = item.GetStrVal()
		default:
			return nil, fmt.Errorf("withItems[%d]: only strings, numbers and booleans are simulated: %v", i, item)
		}
		// an unparameterised `when` that is false allows unresolved tags, as processItem does
		s, err := tmpl.Replace(ctx, replaceMap, whenErr == nil && !proceed)
		if err != nil {
			return nil, err
		}
		var t wfv1.DAGTask
		if err := json.Unmarshal([]byte(s), &t); err != nil {
			return nil, err
		}
		t.Name = fmt.Sprintf("%s(%d:%v)", task.Name, i, replaceMap["item"])
		t.WithItems, t.WithParam, t.WithSequence = nil, "", nil
		tasks = append(tasks, t)
	}
	return tasks, nil
}

// expandSequence is workflow/controller/operator.go's (unexported there).
func expandSequence(seq *wfv1.Sequence) ([]wfv1.Item, error) {
	var start, end int
	var err error
	if seq.Start != nil {
		if start, err = strconv.Atoi(seq.Start.String()); err != nil {
			return nil, err
		}
	}
	if seq.End != nil {
		if end, err = strconv.Atoi(seq.End.String()); err != nil {
			return nil, err
		}
	} else if seq.Count != nil {
		count, err := strconv.Atoi(seq.Count.String())
		if err != nil {
			return nil, err
		}
		if count == 0 {
			return []wfv1.Item{}, nil
		}
		end = start + count - 1
	} else {
		return nil, fmt.Errorf("neither end nor count was specified in withSequence")
	}
	format := "%d"
	if seq.Format != "" {
		format = seq.Format
	}
	items := make([]wfv1.Item, 0)
	step := 1
	if start > end {
		step = -1
	}
	for i := start; ; i += step {
		item, err := wfv1.ParseItem(`"` + fmt.Sprintf(format, i) + `"`)
		if err != nil {
			return nil, err
		}
		items = append(items, item)
		if i == end {
			break
		}
	}
	return items, nil
}

// shouldExecute is workflow/controller/steps.go's (unexported there): govaluate, with variables
// read as strings.
func shouldExecute(when string) (bool, error) {
	if when == "" {
		return true, nil
	}
	expression, err := govaluate.NewEvaluableExpression(when)
	if err != nil {
		return false, fmt.Errorf("invalid 'when' expression '%s': %v", when, err)
	}
	tokens := expression.Tokens()
	for i, tok := range tokens {
		if tok.Kind == govaluate.VARIABLE {
			tokens[i].Kind = govaluate.STRING
		}
	}
	expression, err = govaluate.NewEvaluableExpressionFromTokens(tokens)
	if err != nil {
		return false, fmt.Errorf("failed to parse 'when' expression '%s': %v", when, err)
	}
	result, err := expression.Evaluate(nil)
	if err != nil {
		return false, fmt.Errorf("failed to evaluate 'when' expression '%s': %v", when, err)
	}
	b, ok := result.(bool)
	if !ok {
		return false, fmt.Errorf("expected boolean evaluation for '%s'. Got %v", when, result)
	}
	return b, nil
}

// gjsonLabels is workflow/executor/resource.go's: a resource's JSON as labels, keyed by path.
type gjsonLabels struct{ json []byte }

func (g gjsonLabels) Has(label string) bool   { return gjson.GetBytes(g.json, label).Exists() }
func (g gjsonLabels) Get(label string) string { return gjson.GetBytes(g.json, label).String() }

// conditions follows workflow/executor/resource.go (WaitResource, matchConditions): each failure
// requirement on its own, first; then every success requirement.
func conditions(success, failure string, resource []byte) (string, error) {
	if !gjson.ValidBytes(resource) {
		return "", fmt.Errorf("invalid JSON resource")
	}
	ls := gjsonLabels{json: resource}
	if failure != "" {
		selector, err := labels.Parse(failure)
		if err != nil {
			return "", fmt.Errorf("fail condition '%s' failed to parse: %v", failure, err)
		}
		reqs, _ := selector.Requirements()
		for _, req := range reqs {
			failed := req.Matches(ls)
			if failed {
				return fmt.Sprintf("failure condition '%s' evaluated %v", req, failed), nil
			}
		}
	}
	if success != "" {
		selector, err := labels.Parse(success)
		if err != nil {
			return "", fmt.Errorf("success condition '%s' failed to parse: %v", success, err)
		}
		reqs, _ := selector.Requirements()
		for _, req := range reqs {
			if !req.Matches(ls) {
				return "waiting", nil
			}
		}
	}
	return "succeeded", nil
}
