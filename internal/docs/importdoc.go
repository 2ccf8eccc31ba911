package docs

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// Import writes docs/import.md: the prose below, each kind's columns as the importer knows them
// (importer.Columns) with what they mean (columnDocs), and every rule with the error the real
// importer gives for a row that breaks it.
func Import() ([]byte, error) {
	if err := checkColumnDocs(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, generatedBy, "the importer's columns (internal/importer/kinds.go), internal/docs/importdoc.go and the importer's own error messages")
	b.WriteString(strings.Replace(importIntro, "{{MaxWorkbookGiB}}", fmt.Sprint(importer.MaxWorkbookSize>>30), 1))
	for _, kind := range cx.Kinds {
		fmt.Fprintf(&b, "\n### %s\n\n%s\n\n| column | required | format and meaning |\n|---|---|---|\n", kind, kindDocs[kind])
		for _, c := range importer.Columns(kind) {
			req := ""
			switch {
			case c.Key:
				req = "key"
			case c.Required:
				req = "yes"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", c.Name, req, columnDocs[kind][c.Name])
		}
	}
	b.WriteString(valuesSection)
	b.WriteString("\n## Rules and the errors they give\n\n" + errorsIntro)
	cfg := config.Default()
	for _, ex := range errorExamples {
		out, err := importErrors(cfg, ex)
		if err != nil {
			return nil, fmt.Errorf("example %q: %w", ex.rule, err)
		}
		input := ex.shown
		if input == "" {
			input = ex.data
		}
		fmt.Fprintf(&b, "\n**%s** (`--kind %s`)\n\n```csv\n%s```\n\n```\n%s\n```\n", ex.rule, ex.kind, input, out)
	}
	if err := rejectsExample(&b, cfg); err != nil {
		return nil, err
	}
	b.WriteString(derivations)
	return b.Bytes(), nil
}

// rejectsExample shows what --skip-invalid writes for a small file, by the importer itself.
func rejectsExample(b *bytes.Buffer, cfg *config.Config) error {
	const in = "ticket_id;created_at;notitie\nT1;13-03-2026 14:05;ok\nT2;29-03-2026 02:30;=SUM(A1)\nT3;gisteren;-5\n"
	var out bytes.Buffer
	rej := importer.NewRejectsCSV(&out)
	rd := &importer.Reader{Kind: cx.KindTickets, File: "tickets.csv", Config: cfg, Rejects: rej}
	if _, err := rd.Read(strings.NewReader(in), func(cx.Record) error { return nil }); err != nil {
		return fmt.Errorf("the rejects example: %w", err)
	}
	if err := rej.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(b, "\n## A rejects file\n\n`klantpuls import --kind tickets --skip-invalid tickets.csv` of\n\n"+
		"```csv\n%s```\n\nimports T1 and writes `tickets.csv.rejects.csv` (with a byte order mark, not shown):\n\n```csv\n%s```\n",
		in, strings.TrimPrefix(out.String(), "\ufeff"))
	return nil
}

// importErrors runs the importer over an example file and returns what it reports. An example
// that imports cleanly is a mistake in the example: the rule it shows is not there.
func importErrors(cfg *config.Config, ex errorExample) (string, error) {
	rd := &importer.Reader{Kind: ex.kind, File: string(ex.kind) + ".csv", Config: cfg}
	_, err := rd.Read(strings.NewReader(ex.data), func(cx.Record) error { return nil })
	var errs *importer.Errors
	if !errors.As(err, &errs) {
		return "", fmt.Errorf("the importer reports %v, not row errors", err)
	}
	return errs.Error(), nil
}

// checkColumnDocs keeps columnDocs true to the importer: every column described, nothing else.
func checkColumnDocs() error {
	for _, kind := range cx.Kinds {
		var names []string
		for _, c := range importer.Columns(kind) {
			names = append(names, c.Name)
			if columnDocs[kind][c.Name] == "" {
				return fmt.Errorf("column %s of %s has no description in internal/docs/importdoc_columns.go", c.Name, kind)
			}
		}
		for name := range columnDocs[kind] {
			if !slices.Contains(names, name) {
				return fmt.Errorf("internal/docs/importdoc_columns.go describes %s of %s, which the importer does not know", name, kind)
			}
		}
		if kindDocs[kind] == "" {
			return fmt.Errorf("kind %s has no description", kind)
		}
	}
	return nil
}

type errorExample struct {
	rule  string
	kind  cx.Kind
	data  string
	shown string // the input as shown, when data is not fit to print
}

var errorExamples = []errorExample{
	{rule: "An empty file: the first row must be the header.", kind: cx.KindCustomers, data: "", shown: "(an empty file)\n"},
	{rule: "Every required column must be in the header.", kind: cx.KindTickets, data: "ticket_id,channel\nT1,email\n"},
	{rule: "A column may appear once (names match without regard to case and spaces).", kind: cx.KindCustomers,
		data: "customer_id,acquired_at, Customer_ID\nC1,2026-03-02 10:00,C1\n"},
	{rule: "A column without a name stays empty (as the last one of an export that ends each line with its delimiter).", kind: cx.KindCustomers,
		data: "customer_id,acquired_at,\nC1,2026-03-02 10:00,\nC2,2026-03-02 11:00,x\n"},
	{rule: "A row has as many cells as the header.", kind: cx.KindCustomers,
		data: "customer_id,acquired_at\nC1,2026-03-02 10:00,Zakelijk\n"},
	{rule: "A required value may not be empty.", kind: cx.KindCustomers, data: "customer_id,acquired_at\nC1,\n"},
	{rule: "A timestamp is a date, day first or year first, with a time of day and an offset if known (see Values).", kind: cx.KindCustomers,
		data: "customer_id,acquired_at\nC1,gisteren\nC2,13-03-2026 17:30\nC3,3/13/2026 14:05\nC4,2026-03-13T17:30:00\nC5,2026-03-13 25:00\n"},
	{rule: "A date with / and AM or PM is read only where month first and day first cannot be confused.", kind: cx.KindCustomers,
		data: "customer_id,acquired_at\nC1,3/13/2026 2:05 PM\nC2,7/4/2026 9:00 AM\n"},
	{rule: "A local time that the change to summer time skips does not exist: give an offset.", kind: cx.KindCustomers,
		data: "customer_id,acquired_at\nC1,2026-03-29 02:30\n"},
	{rule: "A local time that the change to winter time repeats is ambiguous: give an offset.", kind: cx.KindCustomers,
		data: "customer_id,acquired_at\nC1,2026-10-25 02:30\nC2,2026-10-25T02:30:00+02:00\n"},
	{rule: "An offset has hours 00–23 and minutes 00–59 (RFC 3339): +01:60 is no offset.", kind: cx.KindCustomers,
		data: "customer_id,acquired_at\nC1,2026-03-13T17:30:00+01:60\nC2,2026-03-13 17:30 +2400\n"},
	{rule: "Instants lie from 1970-01-01 00:00:01 to 2106-02-07 06:28:15 UTC.", kind: cx.KindCustomers,
		data: "customer_id,acquired_at\nC1,1960-01-01 10:00\nC2,2106-06-01 10:00\n"},
	{rule: "An end may not come before its start.", kind: cx.KindTickets,
		data: "ticket_id,created_at,first_reply_at,solved_at\nT1,2026-03-02 10:00,2026-03-02 09:00,2026-03-01 10:00\n"},
	{rule: "An id is printable text (a tab or another control character is refused).", kind: cx.KindCustomers,
		data: "customer_id,acquired_at\n\"C\t1\",2026-03-02 10:00\n", shown: "customer_id,acquired_at\n\"C<TAB>1\",2026-03-02 10:00\n"},
	{rule: "A count is a whole number of 0 or more.", kind: cx.KindTickets,
		data: "ticket_id,created_at,reopens,agent_replies\nT1,2026-03-02 10:00,twee,-1\n"},
	{rule: "A decimal number has a point or a comma, and thousands separators only where they cannot be misread; an amount lies between -10^12 (a refund) and 10^12.", kind: cx.KindOrders,
		data: "order_id,customer_id,ordered_at,amount\nO1,C1,2026-03-02 10:00,\"1,250\"\nO2,C1,2026-03-02 10:00,\"1.23,45\"\nO3,C1,2026-03-02 11:00,Inf\nO4,C1,2026-03-02 12:00,-5e12\nO5,C1,2026-03-02 13:00,2e12\n"},
	{rule: "A refund is negative and names another order; an amount in a currency other than the account's needs a rate in the configuration, and is written without a currency sign (only € is read, for euros).", kind: cx.KindOrders,
		data: "order_id,customer_id,ordered_at,amount,refund_of,currency\nR1,C1,2026-03-09 10:00,20,O1,\nR2,C1,2026-03-09 11:00,-20,R2,\nO3,C1,2026-03-09 12:00,80,,GBP\nO4,C1,2026-03-09 13:00,80,,euro\nO5,C1,2026-03-09 14:00,$80,,\nO6,C1,2026-03-09 15:00,€ 80,,USD\n"},
	{rule: "A CSAT answer on a scale of its own names it; its score must be a point of that scale.", kind: cx.KindResponses,
		data: "response_id,survey,score,submitted_at,scale\nR1,csat,1,2026-03-09 10:00,good-bad\nR2,csat,2,2026-03-09 10:00,good-bad\nR3,csat,99,2026-03-09 10:00,freshdesk\nR4,csat,3,2026-03-09 10:00,1-3\nR5,nps,9,2026-03-09 10:00,0-10\n"},
	{rule: "A gross margin is a fraction between 0 and 1, or a percentage between 0% and 100%.", kind: cx.KindOrders,
		data: "order_id,customer_id,ordered_at,amount,gross_margin\nO1,C1,2026-03-02 10:00,100,30\n"},
	{rule: "A duration in seconds lies between 0 and 10^9 (about 31 years).", kind: cx.KindTickets,
		data: "ticket_id,created_at,wait_seconds\nT1,2026-03-02 10:00,1e10\n"},
	{rule: "A yes/no value is true/false, 1/0, yes/no, ja/nee or waar/onwaar (a Dutch Excel's TRUE and FALSE).", kind: cx.KindTickets,
		data: "ticket_id,created_at,complaint\nT1,2026-03-02 10:00,misschien\n"},
	{rule: "A value from a fixed list must be one of it.", kind: cx.KindMessages,
		data: "message_id,ticket_id,at,author\nM1,T1,2026-03-02 10:00,klant\n"},
	{rule: "A score is a whole number on its survey's scale (NPS 0–10; CSAT and CES from the configuration).", kind: cx.KindResponses,
		data: "response_id,survey,score,submitted_at\nR1,nps,11,2026-03-02 10:00\nR2,csat,6,2026-03-02 10:00\nR3,ces,4.5,2026-03-02 10:00\nR4,nps2,9,2026-03-02 10:00\n"},
	{rule: "A rating lies on its criterion's scale.", kind: cx.KindReviews,
		data: "review_id,reviewed_at,agent,criterion,rating\nV1,2026-03-02 10:00,Anna,Oplossing,9\n"},
	{rule: "A mention needs its text.", kind: cx.KindMentions, data: "mention_id,source,at,text\nX1,twitter,2026-03-02 10:00, \n"},
	{rule: "A key appears once in a file.", kind: cx.KindCustomers,
		data: "customer_id,acquired_at\nC1,2026-03-02 10:00\nC1,2026-03-03 10:00\n"},
	{rule: "A quote inside a cell needs the cell quoted and the quote doubled.", kind: cx.KindTickets,
		data: "ticket_id,created_at,category\nT1,2026-03-02 10:00,27\" scherm\n"},
	{rule: "A quoted cell ends at its closing quote.", kind: cx.KindTickets,
		data: "ticket_id,created_at,category\nT1,2026-03-02 10:00,\"27\"\" scherm\" kapot\n"},
	{rule: "Text is UTF-8, or Windows-1252 (ANSI) as Excel saves \"CSV\" on Dutch Windows; the first 64 KiB decide, and a later line in the other encoding is refused.",
		kind: cx.KindCustomers, data: "customer_id,acquired_at,name\nC1,2026-03-02 10:00,Caf\xe9 Noord\nC2,2026-03-02 10:00,Caf\xc3\xa9 Zuid\n",
		shown: "customer_id,acquired_at,name\nC1,2026-03-02 10:00,Caf<the byte E9, Windows-1252 é> Noord\nC2,2026-03-02 10:00,Caf<the bytes C3 A9, UTF-8 é> Zuid\n"},
	{rule: "A cell holds at most 4,000 characters.", kind: cx.KindResponses,
		data:  "response_id,survey,score,submitted_at,comment\nR1,nps,9,2026-03-02 10:00," + strings.Repeat("a", 4001) + "\n",
		shown: "response_id,survey,score,submitted_at,comment\nR1,nps,9,2026-03-02 10:00,aaaa…(4,001 characters)\n"},
}
