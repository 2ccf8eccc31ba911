package importer

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// goodRows is a header and one valid row of every kind, in data.md's column order.
var goodRows = map[cx.Kind][2]string{
	cx.KindCustomers: {"customer_id,acquired_at,name", "C1,2026-03-01 10:00,Jansen"},
	cx.KindOrders:    {"order_id,customer_id,ordered_at,amount", "O1,C1,2026-03-01 10:00,12.50"},
	cx.KindTickets:   {"ticket_id,created_at,category", "T1,2026-03-01 10:00,levering"},
	cx.KindMessages:  {"message_id,ticket_id,at,author", "M1,T1,2026-03-01 10:00,agent"},
	cx.KindResponses: {"response_id,survey,score,submitted_at,comment", "R1,nps,9,2026-03-01 10:00,prima"},
	cx.KindMentions:  {"mention_id,source,at,text", "X1,twitter,2026-03-01 10:00,mooi scherm"},
	cx.KindReviews:   {"review_id,reviewed_at,agent,criterion,rating", "Q1,2026-03-01 10:00,Anna,Toon,4"},
	cx.KindEvents:    {"event_id,customer_id,kind,at", "E1,C1,training,2026-03-01 10:00"},
}

// read reads a file of kind with the default configuration; it returns the records handed on
// and the error.
func read(kind cx.Kind, file string) ([]cx.Record, error) {
	rd := &Reader{Kind: kind, File: "in.csv", Config: config.Default()}
	var got []cx.Record
	_, err := rd.Read(strings.NewReader(file), func(r cx.Record) error {
		got = append(got, r)
		return nil
	})
	return got, err
}

// rowErrors returns the row errors of err, failing the test when it is not an *Errors.
func rowErrors(t *testing.T, err error) []RowError {
	t.Helper()
	var errs *Errors
	if !errors.As(err, &errs) {
		t.Fatalf("got %v, want row errors", err)
	}
	return errs.List
}

// A " in a cell that is not quoted (27" screens) is a row error on its line, for every kind
// and wherever the cell is: it used to panic when the cell was the first of its row.
func TestStrayQuoteIsARowError(t *testing.T) {
	for kind, rows := range goodRows {
		header, good := rows[0], rows[1]
		firstCell, rest, _ := strings.Cut(good, ",")
		lastCut := strings.LastIndex(good, ",")
		for where, bad := range map[string]string{
			"first cell":     `27" scherm` + "," + rest,
			"last cell":      good[:lastCut] + `,27" scherm`,
			"after a quoted": `"` + firstCell + `"x,` + rest,
		} {
			t.Run(string(kind)+" "+where, func(t *testing.T) {
				_, err := read(kind, header+"\n"+good+"\n"+bad+"\n")
				list := rowErrors(t, err)
				if len(list) != 1 || list[0].Line != 3 {
					t.Fatalf("errors %v, want one on line 3", list)
				}
				if !strings.Contains(list[0].Reason, `a " inside a quoted cell is written ""`) &&
					!strings.Contains(list[0].Reason, `("27"" scherm")`) {
					t.Errorf("reason %q does not say how to write a quote", list[0].Reason)
				}
			})
		}
	}
}

func TestStrayQuoteInTheHeader(t *testing.T) {
	_, err := read(cx.KindTickets, "ticket_id,created_at,27\" scherm\nT1,2026-03-01 10:00,x\n")
	if list := rowErrors(t, err); len(list) != 1 || list[0].Line != 1 {
		t.Errorf("errors %v, want one on line 1", list)
	}
}

// Amounts and durations are bounded (cx.MaxAmount, cx.MaxSeconds) so no sum of them overflows,
// and only decimal numbers are read as numbers.
func TestNumberBounds(t *testing.T) {
	order := func(amount string) string {
		return "order_id,customer_id,ordered_at,amount\nO1,C1,2026-03-01 10:00," + amount + "\n"
	}
	ticket := func(col, v string) string {
		return "ticket_id,created_at," + col + "\nT1,2026-03-01 10:00," + v + "\n"
	}
	tests := []struct {
		name string
		kind cx.Kind
		file string
		want string // the row error; "" when the row is valid
	}{
		{"the 1.7e308 of the review", cx.KindOrders, order("1.7e308"),
			"in.csv:2: amount: 1.7e308 is more than 1000000000000, the largest amount klantpuls accepts"},
		{"beyond float64", cx.KindOrders, order("1e400"), "in.csv:2: amount: 1e400 is more than 1000000000000"},
		{"just above the bound", cx.KindOrders, order("1000000000000.01"), "is more than 1000000000000"},
		{"the bound itself", cx.KindOrders, order("1000000000000"), ""},
		{"an exponent within the bound", cx.KindOrders, order("1.25E3"), ""},
		{"Inf is not a number", cx.KindOrders, order("Inf"), `in.csv:2: amount: "Inf" is not a number`},
		{"NaN is not a number", cx.KindOrders, order("NaN"), `"NaN" is not a number`},
		{"hexadecimal is not decimal", cx.KindOrders, order("0x1p10"), `"0x1p10" is not a number`},
		{"a refund is negative", cx.KindOrders, order("-0.01"), ""},
		{"the bound of a refund", cx.KindOrders, order("-1000000000000"), ""},
		{"a refund beyond", cx.KindOrders, order("-1e13"),
			"in.csv:2: amount: -1e13 is less than -1000000000000, the largest refund klantpuls accepts"},
		{"a wait of 32 years", cx.KindTickets, ticket("wait_seconds", "1e9"), ""},
		{"a wait beyond", cx.KindTickets, ticket("wait_seconds", "1000000001"),
			"wait_seconds: 1000000001 is more than 1000000000, the largest duration"},
		{"a handle time beyond", cx.KindTickets, ticket("handle_seconds", "1.7e308"), "handle_seconds: 1.7e308 is more than"},
		{"a huge margin", cx.KindOrders, "order_id,customer_id,ordered_at,amount,gross_margin\nO1,C1,2026-03-01 10:00,5,1e400\n",
			"gross_margin: 1e400 is outside 0..1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { expectRow(t, tt.kind, tt.file, tt.want) })
	}
}

// Every cell is at most cx.MaxText characters, as a survey comment; characters, not bytes.
func TestTextLength(t *testing.T) {
	responses := "response_id,survey,score,submitted_at,comment,agent\n"
	tests := []struct {
		name, file, want string
	}{
		{"a comment of 4000 characters", responses + "R1,nps,9,2026-03-01 10:00," + strings.Repeat("é", 4000) + ",Anna\n", ""},
		{"trailing spaces do not count", responses + "R1,nps,9,2026-03-01 10:00,\"" + strings.Repeat("a", 4000) + "   \",Anna\n", ""},
		{"a comment of 4001", responses + "R1,nps,9,2026-03-01 10:00," + strings.Repeat("é", 4001) + ",Anna\n",
			"in.csv:2: comment: 4001 characters long; at most 4000 are taken"},
		{"any other cell", responses + "R1,nps,9,2026-03-01 10:00,ok," + strings.Repeat("A", 5000) + "\n",
			"in.csv:2: agent: 5000 characters long"},
		{"a column name", "response_id,survey,score,submitted_at," + strings.Repeat("x", 4001) + "\nR1,nps,9,2026-03-01 10:00,y\n",
			"in.csv:1: the name of column 5 is 4001 characters long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { expectRow(t, cx.KindResponses, tt.file, tt.want) })
	}
}

// An id with a control character is refused: the unit separator joins a review's id and
// criterion, so ("a\x1fb", "c") and ("a", "b\x1fc") would otherwise be one key.
func TestIDsArePrintable(t *testing.T) {
	file := "review_id,reviewed_at,agent,criterion,rating\n" +
		"a\x1fb,2026-03-01 10:00,Anna,c,4\n" +
		"a,2026-03-01 10:00,Anna,b\x1fc,4\n"
	_, err := read(cx.KindReviews, file)
	list := rowErrors(t, err)
	want := []string{"in.csv:2: review_id: holds the control character U+001F", "in.csv:3: criterion: holds the control character U+001F"}
	for _, w := range want {
		if !slices.ContainsFunc(list, func(e RowError) bool { return strings.HasPrefix(e.Error(), w) }) {
			t.Errorf("errors %v, want %q", list, w)
		}
	}
}

// Named values (the JSON API) obey the same bounds, and problems with a name are the object's.
func TestParseValuesBounds(t *testing.T) {
	cfg := config.Default()
	_, errs := ParseValues(cx.KindOrders, cfg, []string{"order_id", "customer_id", "ordered_at", "amount"},
		[]string{"O1", "C1", "2026-03-01 10:00", "1.7e308"})
	if len(errs) != 1 || errs[0].Field != "amount" || !strings.Contains(errs[0].Reason, "more than 1000000000000") {
		t.Errorf("amount 1.7e308: %v", errs)
	}
	_, errs = ParseValues(cx.KindEvents, cfg, []string{"event_id", "customer_id", "kind", "at", "Kind"},
		[]string{"E1", "C1", "training", "2026-03-01 10:00", "x"})
	if len(errs) != 1 || errs[0].Field != "kind" || errs[0].Reason != "given twice (names match trimmed and case-insensitively)" {
		t.Errorf("kind and Kind: %v", errs)
	}
	_, errs = ParseValues(cx.KindEvents, cfg, []string{"event_id", "customer_id", "kind", "at", "\xff"},
		[]string{"E1", "C1", "training", "2026-03-01 10:00", "x"})
	if len(errs) != 1 || errs[0].Field != "" || !strings.HasPrefix(errs[0].Reason, "a member name is not valid UTF-8") {
		t.Errorf("a name that is not UTF-8: %v", errs)
	}
	// A member named "" is no trailing delimiter of a spreadsheet: it is refused as the
	// object's, empty or not, not as "column 5 … on this line" of a file.
	for _, v := range []string{"x", ""} {
		rec, errs := ParseValues(cx.KindEvents, cfg, []string{"event_id", "customer_id", "kind", "at", ""},
			[]string{"E1", "C1", "training", "2026-03-01 10:00", v})
		if rec != nil || len(errs) != 1 || errs[0].Field != "" || errs[0].Reason != "a member has no name" {
			t.Errorf("a member without a name, value %q: %v", v, errs)
		}
	}
}

// expectRow reads a file of one row: want is the start of its error, or "" when it is valid.
func expectRow(t *testing.T, kind cx.Kind, file, want string) {
	t.Helper()
	got, err := read(kind, file)
	if want == "" {
		if err != nil || len(got) != 1 {
			t.Fatalf("got %d records, %v; want the row accepted", len(got), err)
		}
		return
	}
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
	}
}

// TestNamelessColumnStaysEmpty: an export that ends each line with its delimiter (a trailing
// ; of a spreadsheet) has an empty last column without a name: the file imports; a value
// written in such a column is an error on its own line, naming the column's place.
func TestNamelessColumnStaysEmpty(t *testing.T) {
	got, err := read(cx.KindCustomers, "customer_id,acquired_at,\nC1,2026-03-02 10:00,\nC2,2026-03-02 11:00, \n")
	if err != nil || len(got) != 2 {
		t.Fatalf("a trailing empty column: %d records, %v; want both", len(got), err)
	}
	_, err = read(cx.KindCustomers, "customer_id,,acquired_at\nC1,,2026-03-02 10:00\nC2,x,2026-03-02 10:00\n")
	list := rowErrors(t, err)
	if len(list) != 1 || list[0].Line != 3 || !strings.Contains(list[0].Reason, "column 2 has no name but a value on this line") {
		t.Errorf("a value in a column without a name: %+v; want one error on line 3 naming column 2", list)
	}
}
