package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/report"
	"github.com/klantpuls/klantpuls/internal/survey"
)

// The tests in this file keep openapi.json true to the code: its operations to routeTable, its
// schemas to the JSON the server really writes.

// oaDocument parses the embedded document, the one the server serves.
func oaDocument(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	return doc
}

// oaApp opens a real SQLite database in a temporary directory and loads its engine.
func oaApp(t *testing.T) *app.App {
	t.Helper()
	ctx := context.Background()
	cfg := config.Default()
	cfg.Engagement = []config.Weight{{Kind: "training", Weight: 1}}
	a, err := app.Open(ctx, filepath.Join(t.TempDir(), "klantpuls.db"), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if err := a.LoadEngine(ctx); err != nil {
		t.Fatal(err)
	}
	return a
}

func oaPtr[T any](v T) *T { return &v }

// oaIngest puts a small but complete set of March 2026 records: every kind, every survey, a
// complaint, a churned and a referred customer, an unanswered ticket.
func oaIngest(t *testing.T, a *app.App) {
	t.Helper()
	loc := a.Config.Timezone
	at := func(day, hour, minute int) time.Time { return time.Date(2026, 3, day, hour, minute, 0, 0, loc).UTC() }
	recs := []cx.Record{
		&cx.Customer{ID: "c1", AcquiredAt: time.Date(2025, 1, 10, 12, 0, 0, 0, loc), Name: "Jansen BV", Email: "inkoop@jansen.example",
			Segment: "retail",
			Attrs:   cx.Attrs{"kvk": "12345678"}},
		&cx.Customer{ID: "c2", AcquiredAt: at(5, 10, 0), Segment: "b2b", ReferredBy: "c1"},
		&cx.Customer{ID: "c3", AcquiredAt: time.Date(2025, 6, 1, 9, 0, 0, 0, loc), Segment: "retail", ChurnedAt: at(20, 9, 0)},
		&cx.Order{ID: "o1", CustomerID: "c1", OrderedAt: at(2, 14, 0), Amount: 100, GrossMargin: oaPtr(0.4),
			Attrs: cx.Attrs{"invoice": "F-1"}},
		&cx.Order{ID: "o2", CustomerID: "c2", OrderedAt: at(10, 15, 30), Amount: 50},
		&cx.Ticket{ID: "t1", CreatedAt: at(3, 9, 0), CustomerID: "c1", Channel: "email", Team: "Support", Agent: "Anna",
			Category: "billing", Complaint: true, Direction: cx.Inbound, FirstReplyAt: at(3, 10, 0), FirstSolvedAt: at(4, 11, 0),
			SolvedAt: at(4, 11, 0), Reopens: oaPtr(0), AgentReplies: oaPtr(1), WaitSeconds: oaPtr(60.0), HandleSeconds: oaPtr(300.0),
			Transfers: oaPtr(0), Attrs: cx.Attrs{"priority": "high"}},
		&cx.Ticket{ID: "t2", CreatedAt: at(11, 13, 0), CustomerID: "c2", Channel: "chat", Team: "Sales", Agent: "Bob", Direction: cx.Inbound},
		&cx.Message{ID: "m1", TicketID: "t1", At: at(3, 9, 0), Author: cx.AuthorCustomer},
		&cx.Message{ID: "m2", TicketID: "t1", At: at(3, 10, 0), Author: cx.AuthorAgent, Agent: "Anna"},
		&cx.Response{ID: "r1", Survey: cx.SurveyNPS, Score: 9, SubmittedAt: at(5, 8, 0), CustomerID: "c1", TicketID: "t1",
			Channel: "email", Team: "Support", Agent: "Anna", Comment: "Snel geholpen", Language: "nl", RepliedAt: at(5, 9, 0),
			Attrs: cx.Attrs{"campaign": "maart"}},
		&cx.Response{ID: "r2", Survey: cx.SurveyCSAT, Score: 4, SubmittedAt: at(5, 8, 1), CustomerID: "c1", TicketID: "t1"},
		&cx.Response{ID: "r3", Survey: cx.SurveyCSAT, Score: 5, SubmittedAt: at(6, 8, 1), CustomerID: "c1", TicketID: "t1"},
		&cx.Response{ID: "r4", Survey: cx.SurveyCES, Score: 6, SubmittedAt: at(5, 8, 2), CustomerID: "c1", TicketID: "t1"},
		&cx.Response{ID: "r5", Survey: cx.SurveyNPS, Score: 3, SubmittedAt: at(12, 8, 0), CustomerID: "c2", Comment: "Te duur"},
		&cx.Mention{ID: "x1", Source: "twitter", At: at(7, 12, 0), Text: "Top service", RepliedAt: at(7, 13, 0)},
		&cx.Review{ReviewID: "rv1", Criterion: "Oplossing", ReviewedAt: at(6, 10, 0), Agent: "Anna", TicketID: "t1", Reviewer: "Kees",
			Rating: oaPtr(4), Attrs: cx.Attrs{"form": "v2"}},
		&cx.Event{ID: "e1", CustomerID: "c1", Kind: "training", At: at(8, 10, 0)},
	}
	if _, err := a.Ingest(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
}

// oaMethods are the keys of a path item that are operations.
var oaMethods = map[string]bool{"get": true, "put": true, "post": true, "delete": true, "options": true, "head": true,
	"patch": true, "trace": true}

// oaOperations lists the document's operations by "METHOD /path".
func oaOperations(t *testing.T, doc map[string]any) map[string]map[string]any {
	t.Helper()
	ops := map[string]map[string]any{}
	paths, ok := doc["paths"].(map[string]any)
	if !ok {
		t.Fatal("openapi.json has no paths object")
	}
	for path, item := range paths {
		item, ok := item.(map[string]any)
		if !ok {
			t.Errorf("path %s is not an object", path)
			continue
		}
		for method, op := range item {
			if !oaMethods[method] {
				continue
			}
			op, ok := op.(map[string]any)
			if !ok {
				t.Errorf("%s %s is not an object", method, path)
				continue
			}
			ops[strings.ToUpper(method)+" "+path] = op
		}
	}
	return ops
}

// oaIsAPI tells whether a route belongs in the document: the JSON API, health and metrics, not
// the pages people log in with.
func oaIsAPI(path string) bool {
	return path == "/api/v1" || strings.HasPrefix(path, "/api/v1/") ||
		path == "/healthz" || path == "/readyz" || path == "/metrics"
}

// oaPath turns a ServeMux path into an OpenAPI one: {name...} becomes {name}, {$} goes.
func oaPath(pattern string) string {
	return strings.ReplaceAll(strings.ReplaceAll(pattern, "...}", "}"), "{$}", "")
}

func TestOpenAPIMatchesRoutes(t *testing.T) {
	a := oaApp(t)
	signer, err := survey.NewSigner(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	s := New(Options{App: a, Accounts: a.Accounts(), Log: slog.New(slog.DiscardHandler),
		Surveys: &survey.Service{App: a, Store: a.Surveys(), Signer: signer, Now: time.Now}})
	doc := oaDocument(t)
	ops := oaOperations(t, doc)

	routes := map[string]route{}
	for _, rt := range s.routeTable() {
		method, path, ok := strings.Cut(rt.pattern, " ")
		if !ok {
			t.Errorf("route %q has no method: every API route must name one", rt.pattern)
			continue
		}
		if oaIsAPI(path) {
			routes[method+" "+oaPath(path)] = rt
		}
	}
	if len(routes) == 0 {
		t.Fatal("routeTable has no API routes")
	}

	for key, rt := range routes {
		op, ok := ops[key]
		if !ok {
			t.Errorf("route %s is not in openapi.json", key)
			continue
		}
		want := rt.action
		if want == "" {
			want = "public"
		}
		if got, _ := op["x-klantpuls-permission"].(string); got != want {
			t.Errorf("%s: x-klantpuls-permission %q, routeTable says %q", key, got, want)
		}
		sec, ok := op["security"].([]any)
		switch {
		case !ok:
			t.Errorf("%s: no security array (public operations say security: [])", key)
		case want == "public" && len(sec) != 0:
			t.Errorf("%s is public but its security is %v", key, sec)
		case want != "public" && len(sec) == 0:
			t.Errorf("%s needs %q but its security is empty", key, want)
		}
		if got, _ := op["x-klantpuls-session-only"].(bool); got != rt.sessionOnly {
			t.Errorf("%s: x-klantpuls-session-only %v, routeTable says %v", key, got, rt.sessionOnly)
		}
		// An API token can never pass a session-only route, nor one its scope never allows.
		tokenCan := !rt.sessionOnly && (auth.TokenAllows(cx.ScopeRead, rt.action) || auth.TokenAllows(cx.ScopeWrite, rt.action))
		if want != "public" {
			bearer := slices.ContainsFunc(sec, func(req any) bool {
				m, _ := req.(map[string]any)
				_, ok := m["bearerAuth"]
				return ok
			})
			if bearer != tokenCan {
				t.Errorf("%s: bearerAuth listed %v, but a token can pass it: %v", key, bearer, tokenCan)
			}
		}
	}
	for key := range ops {
		if _, ok := routes[key]; !ok {
			t.Errorf("openapi.json has %s, which is not an API route of routeTable", key)
		}
	}
}

func TestOpenAPIIsValid(t *testing.T) {
	doc := oaDocument(t)
	ops := oaOperations(t, doc)
	c := &oaChecker{t: t, doc: doc}

	t.Run("header", func(t *testing.T) {
		if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.") {
			t.Errorf("openapi is %q, want 3.x", v)
		}
		info, _ := doc["info"].(map[string]any)
		for _, k := range []string{"title", "version", "description"} {
			if v, _ := info[k].(string); v == "" {
				t.Errorf("info.%s is empty", k)
			}
		}
	})

	t.Run("refs resolve", func(t *testing.T) {
		used := map[string]bool{}
		oaWalk(doc, "#", func(node map[string]any, at string) {
			ref, ok := node["$ref"].(string)
			if !ok {
				return
			}
			if _, found := c.lookup(ref); !found {
				t.Errorf("%s: $ref %q does not resolve inside the document", at, ref)
			}
			used[ref] = true
		})
		// Nothing defined and never used: an unused component is a sign the document drifted.
		comps, _ := doc["components"].(map[string]any)
		for _, section := range []string{"schemas", "responses", "parameters"} {
			defs, _ := comps[section].(map[string]any)
			for name := range defs {
				if ref := "#/components/" + section + "/" + name; !used[ref] {
					t.Errorf("%s is never used", ref)
				}
			}
		}
	})

	t.Run("operations", func(t *testing.T) {
		schemes, _ := doc["components"].(map[string]any)["securitySchemes"].(map[string]any)
		ids := map[string]string{}
		for key, op := range ops {
			id, _ := op["operationId"].(string)
			switch prev, dup := ids[id]; {
			case id == "":
				t.Errorf("%s has no operationId", key)
			case dup:
				t.Errorf("operationId %q is used by %s and %s", id, prev, key)
			}
			ids[id] = key
			if s, _ := op["summary"].(string); s == "" {
				t.Errorf("%s has no summary", key)
			}
			res, _ := op["responses"].(map[string]any)
			if len(res) == 0 {
				t.Errorf("%s has no responses", key)
			}
			for code := range res {
				if n, err := strconv.Atoi(code); err != nil || n < 100 || n > 599 {
					t.Errorf("%s: response key %q is not a status code", key, code)
				}
			}
			sec, _ := op["security"].([]any)
			for _, req := range sec {
				for name := range req.(map[string]any) {
					if _, ok := schemes[name]; !ok {
						t.Errorf("%s: security scheme %q is not defined", key, name)
					}
				}
			}
			// Every {name} of the path is declared as a path parameter, and nothing else is.
			_, path, _ := strings.Cut(key, " ")
			want := map[string]bool{}
			for _, m := range regexp.MustCompile(`\{([^}]+)\}`).FindAllStringSubmatch(path, -1) {
				want[m[1]] = true
			}
			got := map[string]bool{}
			params, _ := op["parameters"].([]any)
			for _, p := range params {
				p := c.resolve(p)
				if p["in"] == "path" {
					got[p["name"].(string)] = true
					if p["required"] != true {
						t.Errorf("%s: path parameter %v is not required", key, p["name"])
					}
				}
			}
			if fmt.Sprint(want) != fmt.Sprint(got) {
				t.Errorf("%s: path parameters %v, the path has %v", key, got, want)
			}
		}
	})

	t.Run("schemas", func(t *testing.T) {
		// Every required property is a property.
		oaWalk(doc, "#", func(node map[string]any, at string) {
			req, ok := node["required"].([]any)
			props, hasProps := node["properties"].(map[string]any)
			if !ok || !hasProps {
				return
			}
			for _, r := range req {
				if _, ok := props[r.(string)]; !ok {
					t.Errorf("%s: required %q is not a property", at, r)
				}
			}
		})
	})
}

// oaWalk calls f on every object in the document, depth first, with its JSON pointer.
func oaWalk(node any, at string, f func(map[string]any, string)) {
	switch n := node.(type) {
	case map[string]any:
		f(n, at)
		for k, v := range n {
			oaWalk(v, at+"/"+strings.NewReplacer("~", "~0", "/", "~1").Replace(k), f)
		}
	case []any:
		for i, v := range n {
			oaWalk(v, at+"/"+strconv.Itoa(i), f)
		}
	}
}

// oaChecker checks JSON values against the document's schemas, strictly: an object member that
// its schema does not name (and whose schema allows no additional properties) is an error, so
// the code cannot add a field the document does not show.
type oaChecker struct {
	t    *testing.T
	doc  map[string]any
	seen map[string]bool // schema property paths met in the values checked
}

// lookup follows a local reference "#/a/b".
func (c *oaChecker) lookup(ref string) (any, bool) {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, false
	}
	var node any = c.doc
	for _, part := range strings.Split(rest, "/") {
		part = strings.NewReplacer("~1", "/", "~0", "~").Replace(part)
		m, ok := node.(map[string]any)
		if !ok {
			return nil, false
		}
		if node, ok = m[part]; !ok {
			return nil, false
		}
	}
	return node, true
}

// resolve follows $refs to an object; nil when there is none.
func (c *oaChecker) resolve(node any) map[string]any {
	for range 32 {
		m, ok := node.(map[string]any)
		if !ok {
			return nil
		}
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		if node, ok = c.lookup(ref); !ok {
			return nil
		}
	}
	return nil
}

func (c *oaChecker) schema(name string) map[string]any {
	s := c.resolve(map[string]any{"$ref": "#/components/schemas/" + name})
	if s == nil {
		c.t.Fatalf("no schema %s", name)
	}
	return s
}

func oaJSONType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if v == float64(int64(v)) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// admits tells whether a schema's type allows v's JSON type (a schema without a type does).
func (c *oaChecker) admits(node any, v any) bool {
	s := c.resolve(node)
	if s == nil {
		return false
	}
	var types []string
	switch ty := s["type"].(type) {
	case nil:
		return true
	case string:
		types = []string{ty}
	case []any:
		for _, x := range ty {
			types = append(types, x.(string))
		}
	}
	got := oaJSONType(v)
	return slices.Contains(types, got) || got == "integer" && slices.Contains(types, "number")
}

// conform checks v against a schema; at names the place for messages and for seen.
func (c *oaChecker) conform(node any, v any, at string) {
	c.t.Helper()
	s := c.resolve(node)
	if s == nil {
		c.t.Errorf("%s: schema %v does not resolve", at, node)
		return
	}
	if !c.admits(s, v) {
		c.t.Errorf("%s: %s value %.80v, the schema allows type %v", at, oaJSONType(v), v, s["type"])
		return
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, v) {
		c.t.Errorf("%s: %v is not one of %v", at, v, enum)
	}
	if all, ok := s["allOf"].([]any); ok {
		for _, sub := range all {
			c.conform(sub, v, at)
		}
	}
	for _, key := range []string{"anyOf", "oneOf"} {
		branches, ok := s[key].([]any)
		if !ok {
			continue
		}
		var match []any
		for _, b := range branches {
			if c.admits(b, v) {
				match = append(match, b)
			}
		}
		switch {
		case len(match) == 0:
			c.t.Errorf("%s: %s value matches no branch of %s", at, oaJSONType(v), key)
		case key == "oneOf" && len(match) > 1:
			c.t.Errorf("%s: %s value matches %d branches of oneOf", at, oaJSONType(v), len(match))
		default:
			c.conform(match[0], v, at)
		}
	}
	switch v := v.(type) {
	case map[string]any:
		props, hasProps := s["properties"].(map[string]any)
		extra, hasExtra := s["additionalProperties"]
		for name, member := range v {
			if p, ok := props[name]; ok {
				if c.seen != nil {
					c.seen[at+"."+name] = true
				}
				c.conform(p, member, at+"."+name)
				continue
			}
			switch extra := extra.(type) {
			case map[string]any:
				c.conform(extra, member, at+"."+name)
			case bool:
				if !extra {
					c.t.Errorf("%s: member %q is not in the schema", at, name)
				}
			default:
				if hasProps && !hasExtra {
					c.t.Errorf("%s: member %q is not in the schema (which does not say additionalProperties)", at, name)
				}
			}
		}
		req, _ := s["required"].([]any)
		for _, r := range req {
			if _, ok := v[r.(string)]; !ok {
				c.t.Errorf("%s: required member %q is missing", at, r)
			}
		}
	case []any:
		if items, ok := s["items"]; ok {
			for _, e := range v {
				c.conform(items, e, at+"[]")
			}
		}
		if n, ok := s["maxItems"].(float64); ok && float64(len(v)) > n {
			c.t.Errorf("%s: %d items, at most %v", at, len(v), n)
		}
		if n, ok := s["minItems"].(float64); ok && float64(len(v)) < n {
			c.t.Errorf("%s: %d items, at least %v", at, len(v), n)
		}
	}
}

// properties lists the property paths a schema names, through references, arrays and
// alternatives (not the free keys of additionalProperties).
func (c *oaChecker) properties(node any, at string, depth int, out map[string]bool) {
	s := c.resolve(node)
	if s == nil || depth > 12 {
		return
	}
	for _, key := range []string{"allOf", "anyOf", "oneOf"} {
		branches, _ := s[key].([]any)
		for _, b := range branches {
			c.properties(b, at, depth+1, out)
		}
	}
	if items, ok := s["items"]; ok {
		c.properties(items, at+"[]", depth+1, out)
	}
	props, _ := s["properties"].(map[string]any)
	for name, p := range props {
		out[at+"."+name] = true
		c.properties(p, at+"."+name, depth+1, out)
	}
}

// oaJSON marshals v and reads it back as generic JSON.
func oaJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestOpenAPIReportSchemaMatchesOutput(t *testing.T) {
	a := oaApp(t)
	oaIngest(t, a)
	ctx := context.Background()
	loc := a.Config.Timezone
	c := &oaChecker{t: t, doc: oaDocument(t), seen: map[string]bool{}}
	reportSchema := c.schema("Report")

	from, to := time.Date(2026, 3, 1, 0, 0, 0, 0, loc), time.Date(2026, 4, 1, 0, 0, 0, 0, loc)
	for _, by := range []engine.Dim{engine.ByNone, engine.ByChannel, engine.ByTeam, engine.ByAgent, engine.BySegment} {
		q := engine.Query{From: from, To: to, By: by}
		groups, err := a.Report(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(groups) == 0 {
			t.Fatalf("by %q: no groups", by)
		}
		var b bytes.Buffer
		if err := reportJSON(&b, q, loc, groups); err != nil {
			t.Fatal(err)
		}
		var out any
		if err := json.Unmarshal(b.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		c.conform(reportSchema, out, "Report")
	}

	// Every property of the schema showed up in some report: none is documented but never
	// written. (Free keys of maps such as tickets.share are not properties.)
	want := map[string]bool{}
	c.properties(reportSchema, "Report", 0, want)
	var missing []string
	for p := range want {
		if !c.seen[p] {
			missing = append(missing, p)
		}
	}
	sort.Strings(missing)
	for _, p := range missing {
		t.Errorf("%s is in the schema but in no report", p)
	}
	// The metrics are all there, not just some: the walk above went into every one of them.
	metrics := c.schema("Metrics")["properties"].(map[string]any)
	if len(metrics) < 19 {
		t.Errorf("the Metrics schema has %d metrics, metric.Set has 19", len(metrics))
	}
}

// reportJSON writes a report exactly as `klantpuls report --format json` and GET /api/v1/report do.
func reportJSON(w io.Writer, q engine.Query, loc *time.Location, groups []engine.Group) error {
	return report.JSON(w, report.New(q, loc, groups))
}

// TestOpenAPIRecordSchemasMatchOutput checks the other JSON shapes the server writes straight
// from Go values: a customer's history, a live change, a user and a token.
func TestOpenAPIRecordSchemasMatchOutput(t *testing.T) {
	a := oaApp(t)
	changes, stop := a.Subscribe()
	defer stop()
	oaIngest(t, a)
	ctx := context.Background()
	var change app.Change
	select {
	case change = <-changes:
	case <-time.After(5 * time.Second):
		t.Fatal("no change published")
	}
	// c1 has everything, c2 was referred and has no reviews, c3 churned and has nothing else.
	var histories []*app.CustomerHistory
	for _, id := range []string{"c1", "c2", "c3"} {
		h, err := a.CustomerHistory(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		histories = append(histories, h)
	}
	now := time.Now()
	u, err := CreateUser(ctx, a.Accounts(), "anna@example.com", "correct horse battery", cx.RoleAgent, "Anna", "Support", now)
	if err != nil {
		t.Fatal(err)
	}
	_, tok, err := CreateToken(ctx, a.Accounts(), u.ID, "dashboard", cx.ScopeRead, now)
	if err != nil {
		t.Fatal(err)
	}
	tok.LastUsedAt = now

	c := &oaChecker{t: t, doc: oaDocument(t), seen: map[string]bool{}}
	for _, tc := range []struct {
		schema string
		value  any
	}{
		{"CustomerHistory", histories[0]},
		{"CustomerHistory", histories[1]},
		{"CustomerHistory", histories[2]},
		{"Change", change},
		{"Change", app.Change{Count: 3, At: now}}, // a bulk load lists no kinds
		{"User", u},
		{"Token", tok},
		{"Me", map[string]any{"user": u, "token": tok}},
		{"Problem", Problem{Type: "about:blank", Title: "Invalid records", Status: 422, Detail: "1 invalid fields",
			Instance: "/api/v1/tickets", Errors: []ProblemField{{Pointer: "/0/score", Detail: "required field missing"}}}},
	} {
		c.conform(c.schema(tc.schema), oaJSON(t, tc.value), tc.schema)
	}
	// Together the histories fill in every property of the schema.
	want := map[string]bool{}
	c.properties(c.schema("CustomerHistory"), "CustomerHistory", 0, want)
	for p := range want {
		if !c.seen[p] {
			t.Errorf("%s is in the schema but in no history", p)
		}
	}
}

// TestOpenAPIResponsesMatchServer sends real requests, good and bad, through the server's
// handler and checks that each answer's status and media type are documented for its
// operation and that its body fits the documented schema; and that the good request bodies fit
// theirs.
func TestOpenAPIResponsesMatchServer(t *testing.T) {
	a := oaApp(t)
	oaIngest(t, a)
	ctx := context.Background()
	acc := a.Accounts()
	now := time.Now()
	const pw = "correct horse battery"
	admin, err := CreateUser(ctx, acc, "admin@example.com", pw, cx.RoleAdmin, "", "", now)
	if err != nil {
		t.Fatal(err)
	}
	manager, err := CreateUser(ctx, acc, "manager@example.com", pw, cx.RoleManager, "", "", now)
	if err != nil {
		t.Fatal(err)
	}
	agent, err := CreateUser(ctx, acc, "anna@example.com", pw, cx.RoleAgent, "Anna", "Support", now)
	if err != nil {
		t.Fatal(err)
	}
	session := func(u *cx.User) string {
		plain, hash := auth.NewSessionSecret()
		if err := acc.CreateSession(ctx, &cx.Session{Hash: hash, UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		return plain
	}
	token := func(u *cx.User, scope string) (string, int64) {
		plain, tok, err := CreateToken(ctx, acc, u.ID, "test "+scope, scope, now)
		if err != nil {
			t.Fatal(err)
		}
		return plain, tok.ID
	}
	read, readID := token(admin, cx.ScopeRead)
	write, _ := token(admin, cx.ScopeWrite)
	_, spare := token(admin, cx.ScopeRead)
	who := map[string]string{ // caller → credential: "cookie:…" or "bearer:…"
		"anonymous": "",
		"admin":     "cookie:" + session(admin),
		"manager":   "cookie:" + session(manager),
		"agent":     "cookie:" + session(agent),
		"read":      "bearer:" + read,
		"write":     "bearer:" + write,
	}

	s := New(Options{App: a, Accounts: acc, Log: slog.New(slog.DiscardHandler)})
	slow := New(Options{App: a, Accounts: acc, Log: slog.New(slog.DiscardHandler), RatePerSecond: 1e-6, Burst: 1})
	c := &oaChecker{t: t, doc: oaDocument(t)}
	ops := oaOperations(t, c.doc)

	ticket := `{"ticket_id":"t9","created_at":"2026-03-13T17:30:00+01:00","channel":"phone","complaint":"ja","reopens":0,"wait_seconds":12.5,"attrs":{"priority":"high"}}`
	var tooMany strings.Builder
	tooMany.WriteString("[")
	for i := range MaxBatch + 1 {
		if i > 0 {
			tooMany.WriteString(",")
		}
		tooMany.WriteString("{}")
	}
	tooMany.WriteString("]")

	type request struct {
		name, caller, method, op, path, body string
		status                               int
		server                               *Server
	}
	cases := []request{
		{name: "not ready", caller: "anonymous", method: "GET", op: "/readyz", path: "/readyz", status: 503},
		{name: "health", caller: "anonymous", method: "GET", op: "/healthz", path: "/healthz", status: 200},
		{name: "metrics", caller: "read", method: "GET", op: "/metrics", path: "/metrics", status: 200},
		{name: "metrics anonymous", caller: "anonymous", method: "GET", op: "/metrics", path: "/metrics", status: 401},
		{name: "metrics agent", caller: "agent", method: "GET", op: "/metrics", path: "/metrics", status: 403},
		{name: "document", caller: "anonymous", method: "GET", op: "/api/v1/openapi.json", path: "/api/v1/openapi.json", status: 200},
		{name: "me by session", caller: "agent", method: "GET", op: "/api/v1/me", path: "/api/v1/me", status: 200},
		{name: "me by token", caller: "read", method: "GET", op: "/api/v1/me", path: "/api/v1/me", status: 200},
		{name: "me anonymous", caller: "anonymous", method: "GET", op: "/api/v1/me", path: "/api/v1/me", status: 401},
		{name: "report", caller: "read", method: "GET", op: "/api/v1/report", path: "/api/v1/report?from=2026-03-01&to=2026-04-01", status: 200},
		{name: "report by channel", caller: "manager", method: "GET", op: "/api/v1/report", path: "/api/v1/report?from=2026-03-01&to=2026-04-01&by=channel", status: 200},
		{name: "report own figures", caller: "agent", method: "GET", op: "/api/v1/report", path: "/api/v1/report?from=2026-03-01&to=2026-04-01&by=agent", status: 200},
		{name: "report agent split", caller: "agent", method: "GET", op: "/api/v1/report", path: "/api/v1/report?from=2026-03-01&to=2026-04-01&by=channel", status: 403},
		{name: "report bad date", caller: "admin", method: "GET", op: "/api/v1/report", path: "/api/v1/report?from=maart&to=2026-04-01", status: 422},
		{name: "report bad by", caller: "admin", method: "GET", op: "/api/v1/report", path: "/api/v1/report?from=2026-03-01&to=2026-04-01&by=colour", status: 422},
		{name: "series", caller: "read", method: "GET", op: "/api/v1/series", path: "/api/v1/series?from=2026-03-01&to=2026-04-01&by=team&step=week", status: 200},
		{name: "series bad step", caller: "read", method: "GET", op: "/api/v1/series", path: "/api/v1/series?from=2026-03-01&to=2026-04-01&step=year", status: 422},
		{name: "customer", caller: "read", method: "GET", op: "/api/v1/customers/{id}", path: "/api/v1/customers/c1", status: 200},
		{name: "customer unknown", caller: "admin", method: "GET", op: "/api/v1/customers/{id}", path: "/api/v1/customers/nobody", status: 404},
		{name: "customer agent", caller: "agent", method: "GET", op: "/api/v1/customers/{id}", path: "/api/v1/customers/c1", status: 403},
		{name: "users", caller: "admin", method: "GET", op: "/api/v1/users", path: "/api/v1/users", status: 200},
		{name: "users token", caller: "write", method: "GET", op: "/api/v1/users", path: "/api/v1/users", status: 403},
		{name: "create user", caller: "admin", method: "POST", op: "/api/v1/users", path: "/api/v1/users",
			body: `{"email":"bob@example.com","password":"correct horse battery","role":"agent","agent":"Bob","team":"Sales"}`, status: 201},
		{name: "create user again", caller: "admin", method: "POST", op: "/api/v1/users", path: "/api/v1/users",
			body: `{"email":"bob@example.com","password":"correct horse battery","role":"manager"}`, status: 409},
		{name: "create user bad role", caller: "admin", method: "POST", op: "/api/v1/users", path: "/api/v1/users",
			body: `{"email":"eve@example.com","password":"correct horse battery","role":"owner"}`, status: 422},
		{name: "create user not JSON", caller: "admin", method: "POST", op: "/api/v1/users", path: "/api/v1/users", body: `email=eve`, status: 400},
		{name: "create user manager", caller: "manager", method: "POST", op: "/api/v1/users", path: "/api/v1/users",
			body: `{"email":"eve@example.com","password":"correct horse battery","role":"agent","agent":"Eve"}`, status: 403},
		{name: "tokens", caller: "admin", method: "GET", op: "/api/v1/tokens", path: "/api/v1/tokens", status: 200},
		{name: "tokens none", caller: "manager", method: "GET", op: "/api/v1/tokens", path: "/api/v1/tokens", status: 200},
		{name: "tokens by token", caller: "write", method: "GET", op: "/api/v1/tokens", path: "/api/v1/tokens", status: 403},
		{name: "create token", caller: "manager", method: "POST", op: "/api/v1/tokens", path: "/api/v1/tokens", body: `{"name":"wallboard","scope":"read"}`, status: 201},
		{name: "create token bad scope", caller: "manager", method: "POST", op: "/api/v1/tokens", path: "/api/v1/tokens", body: `{"name":"x","scope":"admin"}`, status: 422},
		{name: "create token not JSON", caller: "manager", method: "POST", op: "/api/v1/tokens", path: "/api/v1/tokens", body: `[`, status: 400},
		{name: "delete token", caller: "admin", method: "DELETE", op: "/api/v1/tokens/{id}", path: fmt.Sprintf("/api/v1/tokens/%d", spare), status: 204},
		{name: "delete token unknown", caller: "admin", method: "DELETE", op: "/api/v1/tokens/{id}", path: "/api/v1/tokens/999999", status: 404},
		{name: "delete token of another", caller: "manager", method: "DELETE", op: "/api/v1/tokens/{id}", path: fmt.Sprintf("/api/v1/tokens/%d", readID), status: 404},
		{name: "ingest one", caller: "write", method: "POST", op: "/api/v1/tickets", path: "/api/v1/tickets", body: ticket, status: 200},
		{name: "ingest batch", caller: "admin", method: "POST", op: "/api/v1/responses", path: "/api/v1/responses",
			body: `[{"response_id":"r9","survey":"nps","score":10,"submitted_at":"2026-03-14 10:00","ticket_id":"t9"},` +
				`{"response_id":"r10","survey":"CSAT","score":"3","submitted_at":"2026-03-14T10:05:00Z","comment":null}]`, status: 200},
		{name: "ingest each kind", caller: "write", method: "POST", op: "/api/v1/customers", path: "/api/v1/customers",
			body: `{"customer_id":"c9","acquired_at":"2026-03-01 09:00","segment":"b2b","referred_by":"c1","loyalty_tier":"gold"}`, status: 200},
		{name: "ingest orders", caller: "write", method: "POST", op: "/api/v1/orders", path: "/api/v1/orders",
			body: `{"order_id":"o9","customer_id":"c9","ordered_at":"2026-03-02 09:00","amount":"19.95","gross_margin":0.5}`, status: 200},
		{name: "ingest messages", caller: "write", method: "POST", op: "/api/v1/messages", path: "/api/v1/messages",
			body: `{"message_id":"m9","ticket_id":"t9","at":"2026-03-13T17:45:00+01:00","author":"agent","agent":"Anna"}`, status: 200},
		{name: "ingest mentions", caller: "write", method: "POST", op: "/api/v1/mentions", path: "/api/v1/mentions",
			body: `{"mention_id":"x9","source":"trustpilot","at":"2026-03-14 12:00","text":"Prima","url":"https://example.com/r/9"}`, status: 200},
		{name: "ingest reviews", caller: "write", method: "POST", op: "/api/v1/reviews", path: "/api/v1/reviews",
			body: `[{"review_id":"rv9","criterion":"Toon","reviewed_at":"2026-03-15 10:00","agent":"Anna","rating":5},` +
				`{"review_id":"rv9","criterion":"Oplossing","reviewed_at":"2026-03-15 10:00","agent":"Anna","rating":null}]`, status: 200},
		{name: "ingest events", caller: "write", method: "POST", op: "/api/v1/events", path: "/api/v1/events",
			body: `{"event_id":"e9","customer_id":"c9","kind":"training","at":"2026-03-16 10:00"}`, status: 200},
		{name: "ingest invalid", caller: "write", method: "POST", op: "/api/v1/responses", path: "/api/v1/responses",
			body: `[{"response_id":"r11","survey":"nps","score":11,"submitted_at":"2026-03-14 10:00"},{"response_id":"r12"}]`, status: 422},
		{name: "ingest empty", caller: "write", method: "POST", op: "/api/v1/tickets", path: "/api/v1/tickets", body: ` `, status: 400},
		{name: "ingest not JSON", caller: "write", method: "POST", op: "/api/v1/tickets", path: "/api/v1/tickets", body: `{"ticket_id":`, status: 400},
		{name: "ingest too many", caller: "write", method: "POST", op: "/api/v1/events", path: "/api/v1/events", body: tooMany.String(), status: 413},
		{name: "ingest read token", caller: "read", method: "POST", op: "/api/v1/tickets", path: "/api/v1/tickets", body: ticket, status: 403},
		{name: "ingest manager", caller: "manager", method: "POST", op: "/api/v1/tickets", path: "/api/v1/tickets", body: ticket, status: 403},
		{name: "ingest anonymous", caller: "anonymous", method: "POST", op: "/api/v1/tickets", path: "/api/v1/tickets", body: ticket, status: 401},
		{name: "rate limit first", caller: "read", method: "GET", op: "/api/v1/me", path: "/api/v1/me", status: 200, server: slow},
		{name: "rate limit second", caller: "read", method: "GET", op: "/api/v1/me", path: "/api/v1/me", status: 429, server: slow},
	}
	for i, tc := range cases {
		srv := tc.server
		if srv == nil {
			srv = s
		}
		if i == 1 { // the first case saw the server before it was ready
			s.SetReady(true)
		}
		var body io.Reader
		if tc.body != "" {
			body = strings.NewReader(tc.body)
		}
		req := httptest.NewRequest(tc.method, tc.path, body)
		if tc.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		switch kind, cred, _ := strings.Cut(who[tc.caller], ":"); kind {
		case "cookie":
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cred})
		case "bearer":
			req.Header.Set("Authorization", "Bearer "+cred)
		}
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		res := rec.Result()
		if res.StatusCode != tc.status {
			t.Errorf("%s: %s %s answered %d, want %d: %.300s", tc.name, tc.method, tc.path, res.StatusCode, tc.status, rec.Body.String())
			continue
		}
		op := ops[tc.method+" "+tc.op]
		if op == nil {
			t.Errorf("%s: no operation %s %s", tc.name, tc.method, tc.op)
			continue
		}
		at := fmt.Sprintf("%s (%s %s %d)", tc.name, tc.method, tc.op, tc.status)
		if tc.status < 300 && tc.body != "" {
			reqBody := c.resolve(op["requestBody"])
			schema, _ := reqBody["content"].(map[string]any)["application/json"].(map[string]any)
			var in any
			if err := json.Unmarshal([]byte(tc.body), &in); err != nil {
				t.Fatal(err)
			}
			c.conform(schema["schema"], in, at+" request")
		}
		doc := c.resolve(op["responses"].(map[string]any)[strconv.Itoa(tc.status)])
		if doc == nil {
			t.Errorf("%s: status %d is not documented", at, tc.status)
			continue
		}
		content, _ := doc["content"].(map[string]any)
		if rec.Body.Len() == 0 {
			if len(content) != 0 {
				t.Errorf("%s: empty body, the document promises %v", at, content)
			}
			continue
		}
		mt, _, err := mime.ParseMediaType(res.Header.Get("Content-Type"))
		if err != nil {
			t.Errorf("%s: Content-Type %q: %v", at, res.Header.Get("Content-Type"), err)
			continue
		}
		media, ok := content[mt].(map[string]any)
		if !ok {
			t.Errorf("%s: media type %s is not documented (%v)", at, mt, content)
			continue
		}
		if mt != "application/json" && mt != "application/problem+json" {
			continue
		}
		var out any
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Errorf("%s: body is not JSON: %v", at, err)
			continue
		}
		c.conform(media["schema"], out, at)
		headers, _ := doc["headers"].(map[string]any)
		for name := range headers {
			if res.Header.Get(name) == "" {
				t.Errorf("%s: no %s header", at, name)
			}
		}
	}
}
