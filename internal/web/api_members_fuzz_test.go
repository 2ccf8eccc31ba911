package web

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/ingest"
)

// FuzzMemberBodies: any JSON object is read by the two member-by-member readers (a user's change,
// a customer's erasure) either as what it says, or with problems that point into the body; an
// erasure is read as purge true only when the body says exactly {"purge": true}. Read in English
// and in Dutch, the body is read alike: the same value, the same pointers, only the words differ.
func FuzzMemberBodies(f *testing.F) {
	f.Add(`{"purge":true}`)
	f.Add(`{"purge":false,"purge_all":true}`)
	f.Add(`{}`)
	f.Add(`{"role":"agent","agent":null,"team":"Support","password":"x"}`)
	f.Add(`{"ROLE":null,"email":"a@b.nl","team":5}`)
	f.Fuzz(func(t *testing.T, body string) {
		var members map[string]json.RawMessage
		if json.Unmarshal([]byte(body), &members) != nil {
			return // decodeJSON refuses it before either reader
		}
		check := func(what string, problems []ProblemField) {
			for _, p := range problems {
				if p.Pointer != "" && !strings.HasPrefix(p.Pointer, "/") || p.Detail == "" {
					t.Fatalf("%s: problem %+v", what, p)
				}
			}
		}
		alike := func(what string, en, nl []ProblemField) {
			if len(en) != len(nl) {
				t.Fatalf("%s: %+v in English, %+v in Dutch", what, en, nl)
			}
			for i := range en {
				if en[i].Pointer != nl[i].Pointer {
					t.Fatalf("%s: %+v in English, %+v in Dutch", what, en, nl)
				}
			}
		}
		purge, problems := readErase(ingest.English, members)
		check("erase", problems)
		if problems == nil && (len(members) != 1 || purge != (strings.TrimSpace(string(members["purge"])) == "true")) {
			t.Fatalf("erase read %s as purge %v", body, purge)
		}
		nlPurge, nlProblems := readErase(ingest.Dutch, members)
		check("erase, Dutch", nlProblems)
		alike("erase", problems, nlProblems)
		if nlPurge != purge {
			t.Fatalf("erase read %s as purge %v in English, %v in Dutch", body, purge, nlPurge)
		}
		ch, problems := userChangeOf(ingest.English, members)
		check("user change", problems)
		if problems == nil && ch.Role == nil && ch.Agent == nil && ch.Team == nil && ch.Password == nil {
			t.Fatalf("a user's change of nothing accepted: %s", body)
		}
		nlCh, nlProblems := userChangeOf(ingest.Dutch, members)
		check("user change, Dutch", nlProblems)
		alike("user change", problems, nlProblems)
		if !reflect.DeepEqual(ch, nlCh) {
			t.Fatalf("a user's change %s read as %+v in English, %+v in Dutch", body, ch, nlCh)
		}
	})
}
