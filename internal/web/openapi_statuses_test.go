package web

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// TestOpenAPIListsEveryStatusARouteCanAnswer: the answers a route gives by the way it is built
// (routes, guard, withTimeout, decodeJSON), whatever its handler does, are in its operation's
// responses, each error as a problem (application/problem+json, the Problem schema). A client
// generated from the document otherwise meets an answer it was never told of: the report and
// every other read answered 503 when they took longer than the server allows, and the users
// and tokens API 413 for a body over the limit, without either being listed; every body is
// 415 when compressed (plainBody).
func TestOpenAPIListsEveryStatusARouteCanAnswer(t *testing.T) {
	s := oaServer(t, oaApp(t))
	c := &oaChecker{t: t, doc: oaDocument(t)}
	ops := oaOperations(t, c.doc)
	problem := c.schema("Problem")

	for _, rt := range s.routeTable() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		if !oaIsAPI(path) {
			continue
		}
		key := method + " " + oaPath(path)
		op := ops[key]
		if op == nil {
			continue // TestOpenAPIMatchesRoutes names it
		}
		responses, _ := op["responses"].(map[string]any)
		var want []string
		if rt.action != "" {
			// No credential is 401; looking the credential up can fail (500).
			want = append(want, "401", "500")
			if !rt.stream {
				want = append(want, "503") // withTimeout: the request took longer than the server allows
			}
			want = append(want, "429") // a token's rate, and its account's, a session's too
		}
		// A query parameter that cannot be read is refused: 422, or 400 when it is missing.
		params, _ := op["parameters"].([]any)
		if slices.ContainsFunc(params, func(p any) bool { return c.resolve(p)["in"] == "query" }) &&
			responses["400"] == nil && responses["422"] == nil {
			t.Errorf("%s takes query parameters but lists neither 400 nor 422 for one it cannot read", key)
		}
		if op["requestBody"] != nil {
			want = append(want, "400", "413", "415", "422") // not JSON, over the limit, compressed, a bad member
		}
		var missing []string
		for _, code := range want {
			if responses[code] == nil && !slices.Contains(missing, code) {
				missing = append(missing, code)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("%s can answer %s, which it does not list", key, strings.Join(missing, ", "))
		}
		for code, res := range responses {
			if code < "400" || key == "GET /readyz" { // readiness answers its Health object
				continue
			}
			content, _ := c.resolve(res)["content"].(map[string]any)
			media, _ := content["application/problem+json"].(map[string]any)
			if len(content) != 1 || media == nil || fmt.Sprint(c.resolve(media["schema"])) != fmt.Sprint(problem) {
				t.Errorf("%s %s: not a problem (application/problem+json with the Problem schema): %v", key, code, content)
			}
		}
	}
}

// TestOpenAPIQueryParametersAreTheHandlers: the filters, splits, periods, steps and metrics a
// handler reads are the query parameters and enums its operation documents, from the lists
// the handlers read them by. GET /api/v1/drill filtered by category (readView's dims) without
// the document or README saying so.
func TestOpenAPIQueryParametersAreTheHandlers(t *testing.T) {
	c := &oaChecker{t: t, doc: oaDocument(t)}
	ops := oaOperations(t, c.doc)
	params := func(key string) map[string]map[string]any {
		out := map[string]map[string]any{}
		list, _ := ops[key]["parameters"].([]any)
		for _, p := range list {
			p := c.resolve(p)
			if p["in"] == "query" {
				out[p["name"].(string)] = c.resolve(p["schema"])
			}
		}
		return out
	}
	names := func(ps map[string]map[string]any) []string {
		var out []string
		for n := range ps {
			out = append(out, n)
		}
		sort.Strings(out)
		return out
	}
	dimNames := func(ds []engine.Dim, more ...string) []string {
		out := slices.Clone(more)
		for _, d := range ds {
			out = append(out, string(d))
		}
		sort.Strings(out)
		return out
	}
	enum := func(s map[string]any) []string {
		var out []string
		for _, v := range s["enum"].([]any) {
			out = append(out, v.(string))
		}
		return out
	}

	for _, tc := range []struct {
		op   string
		want []string
	}{
		{"GET /api/v1/report", []string{"by", "from", "to"}},
		{"GET /api/v1/series", []string{"by", "from", "step", "to"}},
		{"GET /api/v1/why", dimNames(whyFilters, "from", "to")},
		{"GET /api/v1/drill", dimNames(dims, "dir", "from", "metric", "page", "period", "sort", "to")},
	} {
		if got := names(params(tc.op)); !slices.Equal(got, tc.want) {
			t.Errorf("%s documents the query parameters %v; its handler reads %v", tc.op, got, tc.want)
		}
	}

	for _, op := range []string{"GET /api/v1/report", "GET /api/v1/series"} {
		by := enum(params(op)["by"])
		for _, v := range by {
			if _, err := engine.ParseDim(v); err != nil {
				t.Errorf("%s: by=%s is documented but refused: %v", op, v, err)
			}
		}
		if got := dimNames(dims); !slices.Equal(sortedCopy(by), got) {
			t.Errorf("%s: by is one of %v; the dimensions are %v", op, by, got)
		}
	}
	steps := enum(params("GET /api/v1/series")["step"])
	for _, v := range steps {
		if _, err := engine.ParseStep(v); err != nil {
			t.Errorf("step=%s is documented but refused: %v", v, err)
		}
	}
	if _, err := engine.ParseStep("year"); err == nil {
		t.Errorf("step=year is read, the document lists %v", steps)
	}
	drill := params("GET /api/v1/drill")
	if got := enum(drill["period"]); !slices.Equal(got, periods) {
		t.Errorf("drill: period is one of %v; the dashboard's periods are %v", got, periods)
	}
	var drillable []string
	for _, d := range metric.All() {
		if _, ok := engine.Drillable(d.Key); ok {
			drillable = append(drillable, d.Key)
		}
	}
	if got := enum(drill["metric"]); !slices.Equal(sortedCopy(got), sortedCopy(drillable)) {
		t.Errorf("drill: metric is one of %v; the metrics with a list are %v", got, drillable)
	}
}

func sortedCopy(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}
