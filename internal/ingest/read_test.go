package ingest

import (
	"errors"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// refusedAt returns the problems of a refusal of invalid fields by pointer; it fails the test
// when err is none.
func refusedAt(t *testing.T, err error) map[string]string {
	t.Helper()
	var p *Error
	if !errors.As(err, &p) || p.Reason != InvalidFields {
		t.Fatalf("got %v, want invalid fields", err)
	}
	out := map[string]string{}
	for _, f := range p.Fields {
		out[f.Pointer] = f.Detail
	}
	return out
}

// TestBatchMixedSeparatorsAsAFile: a batch has the checks of a CSV file (README, the API
// table), also those between rows. An amount column with a decimal comma in one row (1.234,50)
// and a point before three digits in another (1.250) is refused, for the Dutch way 1.250 is
// 1250 and the one rule reads 1.25: a factor of 1000. The same two orders as a batch are
// refused at the later record's amount, whichever way came first; each way in a batch of its
// own is read (1.250 = 1.25, 1.234,50 = 1234.5).
func TestBatchMixedSeparatorsAsAFile(t *testing.T) {
	cfg := config.Default()
	const file = "order_id,customer_id,ordered_at,amount\nO1,C1,2026-03-02 10:00,\"1.234,50\"\nO2,C1,2026-03-03 10:00,1.250\n"
	rd := importer.Reader{Kind: cx.KindOrders, Config: cfg, File: "orders.csv"}
	if _, err := rd.Read(strings.NewReader(file), func(cx.Record) error { return nil }); err == nil || !strings.Contains(err.Error(), "writes both ways") {
		t.Fatalf("the file: %v; the importer refuses it (the premise of this test)", err)
	}
	order := func(id, amount string) string {
		return `{"order_id":"` + id + `","customer_id":"C1","ordered_at":"2026-03-02 10:00","amount":` + amount + `}`
	}
	for _, tc := range []struct{ name, body, detail string }{
		{"the comma first", "[" + order("O1", `"1.234,50"`) + "," + order("O2", `"1.250"`) + "]",
			`"1.250": this field is written both ways in the body — record 1 has a point before three digits (1.250 is 1.25 as written, 1250 the Dutch way) and record 0 a decimal comma: write every amount one way`},
		{"the point first, as a JSON number", "[" + order("O1", `1.250`) + "," + order("O2", `7`) + "," + order("O3", `"12,50"`) + "]",
			`"12,50": this field is written both ways in the body — record 0 has a point before three digits (1.250 is 1.25 as written, 1250 the Dutch way) and record 2 a decimal comma: write every amount one way`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(cx.KindOrders, cfg, []byte(tc.body))
			got := refusedAt(t, err)
			at := "/1/amount"
			if len(got) == 1 && got["/2/amount"] != "" {
				at = "/2/amount"
			}
			if len(got) != 1 || got[at] != tc.detail {
				t.Errorf("got %v, want one problem: %s", got, tc.detail)
			}
		})
	}
	for body, want := range map[string]float64{"[" + order("O1", `"1.250"`) + "]": 1.25, "[" + order("O1", `"1.234,50"`) + "]": 1234.5} {
		recs, err := Read(cx.KindOrders, cfg, []byte(body))
		if err != nil || recs[0].(*cx.Order).Amount != want {
			t.Errorf("%s: %v %v, want %v", body, recs, err, want)
		}
	}
}

// TestScoreIntegerAsJSONSchemaReadsIt: score, rating and the counts are integers in the
// OpenAPI document (JSON Schema 2020-12), where a number with a zero fractional part is one
// (validation vocabulary 6.1.1): 5.0 is 5, as Python's json.dumps writes a float score. A
// string "5.0" is a cell, refused as in a CSV file (data.md: score an integer); 5.5 and a
// number past an int's range are no whole numbers either way.
func TestScoreIntegerAsJSONSchemaReadsIt(t *testing.T) {
	cfg := config.Default()
	response := func(score string) string {
		return `{"response_id":"R1","survey":"csat","score":` + score + `,"submitted_at":"2026-03-05 10:00"}`
	}
	notWhole := "is not a whole number"
	for _, tc := range []struct {
		score   string
		want    int
		refused string // in the detail at /score
	}{
		{`5`, 5, ""}, {`5.0`, 5, ""}, {`5.000`, 5, ""}, {`5e0`, 5, ""}, {`50E-1`, 5, ""}, {`0.5e1`, 5, ""}, {`1.0e0`, 1, ""},
		{`-1.0`, 0, "-1 is outside the csat scale 1..5"},
		{`"5.0"`, 0, notWhole}, {`5.5`, 0, notWhole}, {`5.0000000000000001`, 0, notWhole}, {`1e400`, 0, notWhole},
		{`5e-1`, 0, notWhole}, {`true`, 0, notWhole},
	} {
		recs, err := Read(cx.KindResponses, cfg, []byte(response(tc.score)))
		switch {
		case tc.refused != "":
			if got := refusedAt(t, err); !strings.Contains(got["/score"], tc.refused) {
				t.Errorf("score %s: %v, want refused at /score: %s", tc.score, got, tc.refused)
			}
		case err != nil:
			t.Errorf("score %s: %v, want %d", tc.score, err, tc.want)
		case recs[0].(*cx.Response).Score != tc.want:
			t.Errorf("score %s read as %d, want %d", tc.score, recs[0].(*cx.Response).Score, tc.want)
		}
	}
	// The counts of a ticket and a review's rating too.
	recs, err := Read(cx.KindTickets, cfg, []byte(`{"ticket_id":"T1","created_at":"2026-03-02 09:00","reopens":2.0,"transfers":1e1}`))
	if err != nil || *recs[0].(*cx.Ticket).Reopens != 2 || *recs[0].(*cx.Ticket).Transfers != 10 {
		t.Errorf("reopens 2.0, transfers 1e1: %v %v, want 2 and 10", recs, err)
	}
	if got := refusedAt(t, errOf(Read(cx.KindTickets, cfg, []byte(`{"ticket_id":"T1","created_at":"2026-03-02 09:00","reopens":-2.0}`)))); got["/reopens"] == "" {
		t.Errorf("reopens -2.0: %v, want refused as negative", got)
	}
}

// errOf is the error of a call that returns something beside it.
func errOf[T any](_ T, err error) error { return err }

// TestBatchNamesTheItemThatIsNoObject: every item of a batch is a record; one that is not an
// object is named by its pointer, whatever it is (it was named for null only: a number, string
// or array failed the whole body with encoding/json's "cannot unmarshal … into Go value").
func TestBatchNamesTheItemThatIsNoObject(t *testing.T) {
	const event = `{"event_id":"E1","customer_id":"C1","kind":"training","at":"2026-03-01 10:00"}`
	for _, item := range []string{`null`, `5`, `"E2"`, `[]`, ` [ {} ] `, `true`} {
		_, err := Read(cx.KindEvents, config.Default(), []byte("["+event+","+item+"]"))
		if got := refusedAt(t, err); len(got) != 1 || !strings.HasPrefix(got["/1"], "not a JSON object") {
			t.Errorf("item /1 %s: %v, want it named not a JSON object", item, got)
		}
	}
}

// TestAttrsMemberIsNoField: attrs are the extra attributes, kept as sent (OpenAPI InputAttrs:
// "a name may not repeat a field"). One named like a field of the kind, in any spelling, is
// refused at its pointer — it became the field: {"attrs":{"channel":"telefoon"}} set the
// ticket's channel. A column of a CSV file named channel is the field (data.md), and so is a
// member channel beside attrs.
func TestAttrsMemberIsNoField(t *testing.T) {
	cfg := config.Default()
	const ticket = `"ticket_id":"T1","created_at":"2026-03-02 09:00"`
	for attrs, at := range map[string]string{
		`{"channel":"telefoon"}`:        "/attrs/channel",
		`{" Reopens ":"-1","bron":"x"}`: "/attrs/ Reopens ",
		`{"Agent":"Bas"}`:               "/attrs/Agent",
	} {
		_, err := Read(cx.KindTickets, cfg, []byte(`{`+ticket+`,"attrs":`+attrs+`}`))
		if got := refusedAt(t, err); len(got) != 1 || !strings.Contains(got[at], "is a field of tickets, not an attribute") {
			t.Errorf("attrs %s: %v, want one problem at %s", attrs, got, at)
		}
	}
	recs, err := Read(cx.KindTickets, cfg, []byte(`{`+ticket+`,"channel":"telefoon","attrs":{"kanaal":"mail"}}`))
	if err != nil || recs[0].(*cx.Ticket).Channel != "telefoon" || recs[0].(*cx.Ticket).Attrs["kanaal"] != "mail" {
		t.Errorf("channel beside attrs: %v %v, want the field channel and the attribute kanaal", recs, err)
	}
}

// TestBatchDuplicateReviewRowNamedAsWritten: two rows of one review's criterion in a batch
// (criteria compare case-insensitively, data.md) are refused at the later one, named by the
// review and its criterion as ShownKey names them — not by the key the store joins them into,
// with the unit separator U+001F ("V1\x1ftoon") a client cannot have sent.
func TestBatchDuplicateReviewRowNamedAsWritten(t *testing.T) {
	row := func(criterion string) string {
		return `{"review_id":"V1","criterion":"` + criterion + `","reviewed_at":"2026-03-03 10:00","agent":"Anouk","rating":3}`
	}
	// The criterion's word is the refusal's language's, as the rest of the detail is.
	for l, want := range map[Lang]string{
		English: `duplicate key "V1, criterion toon" (first at /0)`,
		Dutch:   `dubbele sleutel "V1, criterium toon" (eerst op /0)`,
	} {
		_, err := ReadIn(l, cx.KindReviews, config.Default(), []byte("["+row("Toon")+","+row(" TOON ")+"]"))
		if got := refusedAt(t, err); len(got) != 1 || got["/1"] != want {
			t.Errorf("%q: got %q, want one problem at /1: %s", l, got, want)
		}
	}
	// Two tickets with one id: the id as it is.
	_, err := Read(cx.KindTickets, config.Default(), []byte(`[{"ticket_id":"T1","created_at":"2026-03-02 09:00"},{"ticket_id":" T1","created_at":"2026-03-02 09:00"}]`))
	if got := refusedAt(t, err); got["/1"] != `duplicate key "T1" (first at /0)` {
		t.Errorf("tickets: got %q", got)
	}
}

// TestRefusalsSpeakOfTheBodyNotAFile: a record of a body is sent by a program, which has no
// file to save as "CSV UTF-8" and no import to give --timezone: its refusals say what to send.
// A time without an offset is read in the account's time zone (config timezone, data.md).
func TestRefusalsSpeakOfTheBodyNotAFile(t *testing.T) {
	cfg := config.Default()
	for _, tc := range []struct{ name, fields, at, want string }{
		{"a time in the spring gap", `"created_at":"2026-03-29 02:30"`, "/created_at",
			"2026-03-29 02:30 does not exist in Europe/Amsterdam (clocks go from 02:00 to 03:00 that night): give an offset such as +01:00"},
		{"a time in the autumn fold", `"created_at":"2026-10-25 02:30"`, "/created_at",
			"2026-10-25 02:30 happens twice in Europe/Amsterdam (clocks go back from 03:00 to 02:00 that night): give an offset, +02:00 for the first or +01:00 for the second"},
		{"a T without an offset", `"created_at":"2026-03-13T17:30:00"`, "/created_at",
			`"2026-03-13T17:30:00" is not a timestamp: a time after T needs an offset (2026-03-13T17:30:00+01:00); write 2026-03-13 17:30 for a time in the account's time zone`},
		{"a NUL character", `"created_at":"2026-03-13 17:30","channel":"mail\u0000"`, "/channel",
			`holds a NUL character (\u0000), which no text may: remove it`},
		{"a NUL character in a member name", `"created_at":"2026-03-13 17:30","bron\u0000":"x"`, "",
			`a member name holds a NUL character (\u0000), which no text may: remove it`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(cx.KindTickets, cfg, []byte(`{"ticket_id":"T1",`+tc.fields+`}`))
			if got := refusedAt(t, err); len(got) != 1 || got[tc.at] != tc.want {
				t.Errorf("got %q, want at %q: %s", got, tc.at, tc.want)
			}
		})
	}
}
