package web

import (
	"net/http"
	"reflect"
	"testing"
)

// TestAccountBodiesAreStrict (issue 9, point 10): the JSON bodies of users and tokens are read
// as strictly as ingest bodies. encoding/json alone lets the last of a member given twice win
// and turns text that is not UTF-8 into U+FFFD, so a client would get a token or a user other
// than the one it sent; such a body is refused with a 422 naming the pointer, and nothing is
// created.
func TestAccountBodiesAreStrict(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	const notText = "not valid UTF-8 text (send UTF-8; a \\u escape of half a surrogate pair is not text)"
	user := `"password":"` + testPassword + `","role":"agent"`
	tests := []struct {
		name, path, body string
		want             ProblemField
	}{
		{"a token's name given twice", "/api/v1/tokens", `{"name":"a","name":"b","scope":"read"}`,
			ProblemField{"", `duplicate member "name"`, ""}},
		{"a token's name that is not UTF-8", "/api/v1/tokens", `{"name":"caf` + "\xe9" + `","scope":"read"}`,
			ProblemField{"/name", notText, ""}},
		{"half a surrogate pair in a token's name", "/api/v1/tokens", `{"name":"x\ud800","scope":"read"}`,
			ProblemField{"/name", notText, ""}},
		{"a member name that is not UTF-8", "/api/v1/tokens", `{"name":"n","scope":"read","` + "\xff" + `":1}`,
			ProblemField{"", "a member name is not valid UTF-8 text", ""}},
		{"a user's e-mail given twice", "/api/v1/users", `{"email":"bram@example.com","email":"eve@example.com",` + user + `,"agent":"Bram"}`,
			ProblemField{"", `duplicate member "email"`, ""}},
		// encoding/json reads a struct's members without regard to case (Unicode's simple
		// folding: ſ is s), the last of two winning: a proxy or log that reads "scope" saw
		// read, the server made a write token. Named by the later member.
		{"a token's scope given again in capitals", "/api/v1/tokens", `{"name":"c","scope":"read","SCOPE":"write"}`,
			ProblemField{"", `member "SCOPE" is "scope" again in other letters`, ""}},
		{"a token's scope given again with a long s", "/api/v1/tokens", `{"name":"c","scope":"read","\u017fcope":"write"}`,
			ProblemField{"", `member "ſcope" is "scope" again in other letters`, ""}},
		{"a user's e-mail given again in capitals", "/api/v1/users", `{"email":"bram@example.com","Email":"eve@example.com",` + user + `,"agent":"Bram"}`,
			ProblemField{"", `member "Email" is "email" again in other letters`, ""}},
		{"a user's agent that is not UTF-8", "/api/v1/users", `{"email":"bram@example.com",` + user + `,"agent":"Br` + "\xe1" + `m"}`,
			ProblemField{"/agent", notText, ""}},
	}
	// The problem names the body's fields, as a 422 for a field of the wrong type does.
	hint := map[string]string{
		"/api/v1/tokens": `send a JSON object with name, scope (read or write) and optionally expires (like "90d")`,
		"/api/v1/users":  "send a JSON object with email, password, role, agent and team",
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := admin.postJSON(tt.path, tt.body)
			var got Problem
			res.json(t, &got)
			want := Problem{Type: "about:blank", Title: "Unprocessable Entity", Status: http.StatusUnprocessableEntity,
				Detail: hint[tt.path], Instance: tt.path, Errors: []ProblemField{tt.want}}
			if res.status != want.Status || res.header.Get("Content-Type") != "application/problem+json" || !reflect.DeepEqual(got, want) {
				t.Errorf("%d %s %+v\nwant a 422 problem %+v", res.status, res.header.Get("Content-Type"), got, want)
			}
		})
	}
	var tokens struct{ Tokens []struct{ Name string } }
	admin.get("/api/v1/tokens").json(t, &tokens)
	refused := map[string]bool{"a": true, "b": true, "c": true, "caf\uFFFD": true, "x\uFFFD": true, "n": true}
	for _, tok := range tokens.Tokens {
		if refused[tok.Name] {
			t.Errorf("a refused body made token %q", tok.Name)
		}
	}
	var users struct{ Users []struct{ Email string } }
	admin.get("/api/v1/users").json(t, &users)
	for _, u := range users.Users {
		if u.Email == "bram@example.com" || u.Email == "eve@example.com" {
			t.Errorf("a refused body made user %s", u.Email)
		}
	}
	// The same bodies, each member once and in UTF-8, are taken.
	if res := admin.postJSON("/api/v1/tokens", `{"name":"café","scope":"read"}`); res.status != http.StatusCreated {
		t.Errorf("a token named café: %d %s", res.status, res.body)
	}
	if res := admin.postJSON("/api/v1/users", `{"email":"bram@example.com",`+user+`,"agent":"Brám"}`); res.status != http.StatusCreated {
		t.Errorf("a user Brám: %d %s", res.status, res.body)
	}
}

// TestJSONBodyWithTextAfter: a body of one JSON object followed by anything but white space (a
// stray "]", a second object) is refused 400 and makes nothing; white space after it is fine.
func TestJSONBodyWithTextAfter(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	for body, want := range map[string]int{
		`{"name":"na-haakje","scope":"read"}]`:               http.StatusBadRequest,
		`{"name":"twee","scope":"read"} {"name":"x"}`:        http.StatusBadRequest,
		`{"name":"met-witruimte","scope":"read"}` + " \n\t ": http.StatusCreated,
	} {
		if res := admin.postJSON("/api/v1/tokens", body); res.status != want {
			t.Errorf("%q: %d, want %d", body, res.status, want)
		}
	}
	var tokens struct{ Tokens []struct{ Name string } }
	admin.get("/api/v1/tokens").json(t, &tokens)
	for _, tok := range tokens.Tokens {
		if tok.Name == "na-haakje" || tok.Name == "twee" {
			t.Errorf("a refused body made token %q", tok.Name)
		}
	}
}

// TestWrongTypeNamedAsWritten: a value of the wrong type is named by the member as the body
// writes it: encoding/json fills email from "EMAIL" too, and "/EMAIL" is where the caller's JSON
// has the number; "/email" names a member the body does not have.
func TestWrongTypeNamedAsWritten(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	tests := []struct{ path, body, pointer string }{
		{"/api/v1/users", `{"EMAIL":5}`, "/EMAIL"},
		{"/api/v1/users", `{"email":"bram@example.com", "pa\u017f\u017fword" : 5}`, "/paſſword"},
		{"/api/v1/tokens", `{"scope":"read","Name":["a"]}`, "/Name"},
		{"/api/v1/tokens", `{"name":7}`, "/name"},
	}
	for _, tt := range tests {
		res := admin.postJSON(tt.path, tt.body)
		var got Problem
		res.json(t, &got)
		want := []ProblemField{{tt.pointer, "must be a string", ""}}
		if res.status != http.StatusUnprocessableEntity || !reflect.DeepEqual(got.Errors, want) {
			t.Errorf("%s %s: %d %+v, want 422 %+v", tt.path, tt.body, res.status, got.Errors, want)
		}
	}
}
