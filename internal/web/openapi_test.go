package web

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
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
	a, err := app.Open(ctx, sqlitetest.New(t), cfg)
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
		// A refund of o1 that came in dollars (1 USD = 0.92 EUR).
		&cx.Order{ID: "o3", CustomerID: "c1", OrderedAt: at(12, 10, 0), Amount: -18.4, RefundOf: "o1", Currency: "USD",
			OriginalAmount: oaPtr(-20.0)},
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
		// A Zendesk rating on its own scale: good.
		&cx.Response{ID: "r6", Survey: cx.SurveyCSAT, Score: 1, Scale: "good-bad", SubmittedAt: at(12, 9, 0), CustomerID: "c2"},
		&cx.Mention{ID: "x1", Source: "twitter", At: at(7, 12, 0), Text: "Top service", RepliedAt: at(7, 13, 0)},
		&cx.Review{ReviewID: "rv1", Criterion: "Oplossing", ReviewedAt: at(6, 10, 0), Agent: "Anna", TicketID: "t1", Reviewer: "Kees",
			Rating: oaPtr(4), Attrs: cx.Attrs{"form": "v2"}},
		&cx.Event{ID: "e1", CustomerID: "c1", Kind: "training", At: at(8, 10, 0)},
	}
	if _, err := a.Ingest(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
}

// oaServer is a server with every route: the surveys' too.
func oaServer(t *testing.T, a *app.App) *Server {
	t.Helper()
	signer, err := survey.NewSigner(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	return New(Options{App: a, Log: slog.New(slog.DiscardHandler),
		Surveys: &survey.Service{App: a, Invitations: a, Signer: signer, Now: time.Now}})
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
	s := oaServer(t, oaApp(t))
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
		// A write waits for its turn at most store.WriteWait and then answers 503 with
		// Retry-After, having stored nothing (README; TestBusyWriteIsTheDocumented503).
		if method, _, _ := strings.Cut(key, " "); method == "POST" || method == "PATCH" || method == "DELETE" {
			if responses, _ := op["responses"].(map[string]any); responses["503"] == nil {
				t.Errorf("%s writes but lists no 503 (a write that waited too long for its turn)", key)
			}
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

// TestOpenAPIAuditActions: every list of audit actions in the document (the audit log's filter
// and its entries) is cx.AuditActions, in its order: a new action is documented where it is made.
func TestOpenAPIAuditActions(t *testing.T) {
	found := 0
	oaWalk(oaDocument(t), "", func(node map[string]any, at string) {
		enum, ok := node["enum"].([]any)
		if !ok || !slices.Contains(enum, any(cx.AuditSignIn)) {
			return
		}
		found++
		var got []string
		for _, v := range enum {
			got = append(got, fmt.Sprint(v))
		}
		if !slices.Equal(got, cx.AuditActions) {
			t.Errorf("%s: %v, want %v", at, got, cx.AuditActions)
		}
	})
	if found == 0 {
		t.Error("no list of audit actions in the document")
	}
}

// TestBusyWriteIsTheDocumented503: a write that does not get its turn within store.WriteWait
// (5 s) — here while a bulk write holds it — is answered 503 with Retry-After: 5, having
// stored nothing (README, the server and its API), and the OpenAPI document lists that answer
// for the operation, with its header: it listed no 503 for any write, so a generated client
// took the one answer that says "send it again" for an undocumented one. The test waits the
// 5 s: the wait is a constant of the store.
func TestBusyWriteIsTheDocumented503(t *testing.T) {
	ts := startServer(t)
	w := ts.withToken("adminWrite")
	held, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		_, err := ts.app.Bulk(context.Background(), func(func(cx.Record) error) error {
			close(held)
			<-release
			return nil
		})
		done <- err
	}()
	<-held
	res := w.postJSON("/api/v1/events", `{"event_id":"E1","customer_id":"C1","kind":"training","at":"2026-03-01 10:00"}`)
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if res.status != http.StatusServiceUnavailable || res.header.Get("Retry-After") != "5" {
		t.Fatalf("a write while another holds the turn: %d %s (Retry-After %q), want 503 and 5", res.status, res.body, res.header.Get("Retry-After"))
	}
	if metrics := w.get("/metrics").body; strings.Contains(metrics, `klantpuls_ingested_records_total{kind="events"}`) {
		t.Errorf("the refused write counted as stored")
	}
	op := oaOperations(t, oaDocument(t))["POST /api/v1/events"]
	responses, _ := op["responses"].(map[string]any)
	busy, _ := responses["503"].(map[string]any)
	ref, _ := busy["$ref"].(string)
	answer, _ := oaDocument(t)["components"].(map[string]any)["responses"].(map[string]any)[strings.TrimPrefix(ref, "#/components/responses/")].(map[string]any)
	if headers, _ := answer["headers"].(map[string]any); headers["Retry-After"] == nil {
		t.Errorf("POST /api/v1/events: the 503 %v lists no Retry-After", busy)
	}
}
