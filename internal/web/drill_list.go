package web

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/report"
)

// A drill-down list shows the records behind a figure (engine.Drill) as a table: which columns
// depends on what the list counts (tickets, answers, customers …), and the value column on the
// metric (a duration, a score). Every shown column sorts; the page, the CSV and the XLSX show
// the same columns.

// drillColumn is one column of a list. get reads the record's cell: a string, a time.Time, a
// *float64 or a bool; its type decides how the cell is compared, shown and exported.
type drillColumn struct {
	Key  string // in sort= and in the JSON
	Word string // its heading
	get  func(r *engine.Record) any
	// format shows a number (the value column): a duration, a score.
	format metric.Format
	// href links a cell to a page: the ticket's, the customer's.
	href func(id string) string
	// stored: the cell is read from the store (a comment, a name) for the rows shown or
	// exported only, so the list cannot be sorted by it.
	stored bool
}

func textColumn(key, word string, get func(r *engine.Record) string) drillColumn {
	return drillColumn{Key: key, Word: word, get: func(r *engine.Record) any { return get(r) }}
}

var (
	colTicket = drillColumn{Key: "ticket", Word: "drill_col_ticket",
		get: func(r *engine.Record) any { return r.Ticket }, href: ticketURL}
	colCustomer = drillColumn{Key: "customer", Word: "drill_col_customer",
		get: func(r *engine.Record) any { return r.Customer }, href: customerURL}
	colID      = textColumn("id", "drill_col_id", func(r *engine.Record) string { return r.ID })
	colChannel = textColumn("channel", "dim_channel", func(r *engine.Record) string { return r.Channel })
	colTeam    = textColumn("team", "dim_team", func(r *engine.Record) string { return r.Team })
	colAgent   = textColumn("agent", "dim_agent", func(r *engine.Record) string { return r.Agent })
	colSegment = textColumn("segment", "dim_segment", func(r *engine.Record) string { return r.Segment })
	colKind    = textColumn("kind", "drill_col_kind", func(r *engine.Record) string { return string(r.Kind) })
	colTone    = textColumn("tone", "drill_col_tone", func(r *engine.Record) string { return r.Tone })
	colAt      = drillColumn{Key: "at", Word: "drill_col_at", get: func(r *engine.Record) any { return r.At }}
	colSince   = drillColumn{Key: "at", Word: "drill_col_since", get: func(r *engine.Record) any { return r.At }}
	colChurned = drillColumn{Key: "churned", Word: "drill_col_churned", get: func(r *engine.Record) any { return r.Churned }}
	colReplied = drillColumn{Key: "replied", Word: "drill_col_replied", get: func(r *engine.Record) any { return r.Replied }}
)

// drillValues names the value column of each metric whose records carry one: what the record
// adds to the figure.
var drillValues = map[string]drillColumn{
	"first_response": businessValue, "resolution": businessValue, "first_resolution": businessValue,
	"complaint_resolution": businessValue, "reply_time": businessValue,
	"wait_time": secondsValue, "handle_time": secondsValue,
	"fcr": {Key: "value", Word: "drill_val_replies", format: metric.FormatCount},
	"nps": scoreValue, "csat": scoreValue, "ces": scoreValue, "sentiment": scoreValue, "feedback_response": scoreValue,
	"iqs": {Key: "value", Word: "drill_val_score", format: metric.FormatDecimal},
}

var (
	businessValue = drillColumn{Key: "value", Word: "drill_val_business", format: metric.FormatDuration}
	secondsValue  = drillColumn{Key: "value", Word: "drill_val_duration", format: metric.FormatDuration}
	scoreValue    = drillColumn{Key: "value", Word: "drill_val_score", format: metric.FormatCount}
)

// drillColumns are the columns of a metric's list; customer ids only for who may open a
// customer's page (auth.ActionReport). stored reads a record's text kept in the store: an
// answer's comment, a mention's text, a customer's name.
func drillColumns(key string, list engine.ListKind, customers bool, stored func(r *engine.Record) string) []drillColumn {
	var cols []drillColumn
	switch list {
	case engine.ListTickets:
		cols = []drillColumn{colTicket, colAt, colChannel, colTeam, colAgent, colCustomer}
	case engine.ListReplies:
		cols = []drillColumn{colID, colAt, colTicket, colChannel, colTeam, colAgent}
	case engine.ListAnswers:
		cols = []drillColumn{colID, colAt, colTicket, colChannel, colTeam, colAgent, colCustomer}
	case engine.ListTexts:
		cols = []drillColumn{colKind, colID, colAt, colTicket, colCustomer, colReplied, colTone}
	case engine.ListCustomers:
		cols = []drillColumn{colCustomer, colSegment, colSince, colChurned}
	case engine.ListReviews:
		cols = []drillColumn{colID, colAt, colAgent}
	}
	if !customers {
		cols = slices.DeleteFunc(cols, func(c drillColumn) bool { return c.Key == "customer" })
	}
	if v, ok := drillValues[key]; ok {
		v.get = func(r *engine.Record) any { return r.Value }
		cols = append(cols, v)
	}
	text := func(word string) drillColumn {
		return drillColumn{Key: "text", Word: word, stored: true, get: func(r *engine.Record) any { return stored(r) }}
	}
	switch list {
	case engine.ListAnswers, engine.ListTexts:
		cols = append(cols, text("drill_col_comment"))
	case engine.ListCustomers:
		cols = slices.Insert(cols, 1, text("drill_col_name"))
	}
	return cols
}

// drillSnippet is how much of a comment the page shows; the export has all of it.
const drillSnippet = 140

// snippet shortens a text to about n characters, at a word.
func snippet(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + " …"
}

// sortRecords orders the records by a column (stable: records equal in it stay in the order of
// their instant); the column must be one of cols.
func sortRecords(items []engine.Record, col drillColumn, desc bool) {
	slices.SortStableFunc(items, func(a, b engine.Record) int {
		c := compareCells(col.get(&a), col.get(&b))
		if desc {
			return -c
		}
		return c
	})
}

// compareCells compares two cells of one column: text as names are (case-insensitively), an
// absent time or number before any other.
func compareCells(a, b any) int {
	switch x := a.(type) {
	case string:
		return cmp.Compare(strings.ToLower(x), strings.ToLower(b.(string)))
	case time.Time:
		return x.Compare(b.(time.Time))
	case bool:
		y := b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	case *float64:
		y := b.(*float64)
		switch {
		case x == nil || y == nil:
			return cmp.Compare(btoi(x != nil), btoi(y != nil))
		}
		return cmp.Compare(*x, *y)
	}
	return 0
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// drillCell is one cell as the page shows it.
type drillCell struct {
	Text, Href string
	Num        bool // right-aligned
}

// showCell writes a cell in the page's language: dates and numbers the Dutch way on a Dutch page.
func showCell(p *page, col drillColumn, r *engine.Record) drillCell {
	l := report.Lang(p.Lang)
	switch x := col.get(r).(type) {
	case string:
		c := drillCell{Text: x}
		switch col.Key {
		case "channel":
			if x != "" {
				c.Text = p.Channel(x)
			}
		case "kind", "tone":
			if x != "" {
				c.Text = p.T("drill_" + col.Key + "_" + x)
			}
		case "text":
			c.Text = snippet(x, drillSnippet)
		}
		if col.href != nil && x != "" {
			c.Href = col.href(x)
		}
		return c
	case time.Time:
		if x.IsZero() {
			return drillCell{}
		}
		return drillCell{Text: l.DateTime(x)}
	case bool:
		if x {
			return drillCell{Text: p.T("drill_yes")}
		}
		return drillCell{Text: p.T("drill_no")}
	case *float64:
		if x == nil {
			return drillCell{Num: true}
		}
		if col.format == metric.FormatCount {
			return drillCell{Text: l.Number(*x, 0), Num: true}
		}
		return drillCell{Text: l.Figure(col.format, p.Currency, x), Num: true}
	}
	return drillCell{}
}

// exportCell is a cell of the CSV and the XLSX: text as text, numbers (seconds, scores) as
// numbers, instants as local "2006-01-02 15:04".
func exportCell(col drillColumn, r *engine.Record) any {
	switch x := col.get(r).(type) {
	case time.Time:
		if x.IsZero() {
			return ""
		}
		return x.Format("2006-01-02 15:04")
	case bool:
		return x
	case *float64:
		if x == nil {
			return nil
		}
		return *x
	case string:
		return x
	}
	return nil
}
