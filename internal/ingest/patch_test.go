package ingest

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestPatchNames: how a patch's member names meet the stored record's, and what is refused,
// named by a pointer into the patch (README: "any invalid field 422 with a JSON pointer";
// the pointer named /attrs/plaats for {"plaats":{"a":1}} and /solved_at for "Solved_At").
// The stored ticket is patchTargets' T1, with attributes plaats=Utrecht and bron=mail.
func TestPatchNames(t *testing.T) {
	cfg := config.Default()
	recs, err := Read(cx.KindTickets, cfg, []byte(patchTargets[cx.KindTickets]))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, patch string
		attrs       cx.Attrs // when accepted
		agent       string
		refused     string // the pointer of the one problem, or "-" for a body that is no object
	}{
		{"a field by another spelling", `{" AGENT ":"Bas"}`, cx.Attrs{"plaats": "Utrecht", "bron": "mail"}, "Bas", ""},
		{"an attribute by another spelling replaces it", `{"Plaats":"Zwolle"}`, cx.Attrs{"plaats": "Zwolle", "bron": "mail"}, "Anouk", ""},
		{"null attrs removes them all, before those given beside", `{"attrs":null,"regio":"Noord"}`, cx.Attrs{"regio": "Noord"}, "Anouk", ""},
		{"an empty attrs object changes nothing", `{"attrs":{}}`, cx.Attrs{"plaats": "Utrecht", "bron": "mail"}, "Anouk", ""},
		{"one field twice", `{"agent":"Bas","Agent":"Cor"}`, nil, "", "/agent"},
		{"one attribute at the top and in attrs", `{"regio":"Noord","attrs":{"Regio":"Zuid"}}`, nil, "", "/regio"},
		{"attrs that is no object", `{"attrs":"Noord"}`, nil, "", "/attrs"},
		// A refusal points at the member where the patch has it, not where it was merged to.
		{"an attribute that is no value", `{"plaats":{"a":1}}`, nil, "", "/plaats"},
		{"a field by another spelling, invalid", `{"Solved_At":"gisteren"}`, nil, "", "/Solved_At"},
		{"a required field removed by another spelling", `{"Created_At":null}`, nil, "", "/Created_At"},
		{"the key by another spelling", `{"Ticket_ID":"T2"}`, nil, "", "/Ticket_ID"},
		{"an attribute in attrs by another spelling of the stored one", `{"attrs":{"BRON":["mail"]}}`, nil, "", "/attrs/BRON"},
		{"an attribute in attrs named like a field", `{"attrs":{"Channel":"telefoon"}}`, nil, "", "/attrs/Channel"},
		{"something after the object", `{"agent":"Bas"}}`, nil, "", "-"},
		{"not an object", `"Bas"`, nil, "", "-"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec, err := Patch(cx.KindTickets, cfg, recs[0], []byte(tc.patch))
			var p *Error
			switch {
			case tc.refused == "-":
				if !errors.As(err, &p) || p.Reason != NotRecords {
					t.Errorf("got %v, want a refusal as no object", err)
				}
			case tc.refused != "":
				if !errors.As(err, &p) || p.Reason != InvalidFields || len(p.Fields) != 1 || p.Fields[0].Pointer != tc.refused {
					got, _ := json.Marshal(p)
					t.Errorf("got %v %s, want one invalid field at %s", err, got, tc.refused)
				}
			case err != nil:
				t.Fatal(err)
			default:
				tk := rec.(*cx.Ticket)
				if got, _ := json.Marshal(tk.Attrs); string(got) != string(must(json.Marshal(tc.attrs))) || tk.Agent != tc.agent {
					t.Errorf("attrs %s, agent %q; want %v, %q", got, tk.Agent, tc.attrs, tc.agent)
				}
			}
		})
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
