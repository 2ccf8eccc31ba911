package engine

import (
	"slices"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// contactReasons is a small March 2026 by hand (Amsterdam, office hours Mon–Fri 9–17):
//
//	T1 Levering  Mon 2 Mar 09:00, reply 10:00 (3600 s), solved 12:00, 1 reply, transfers 0
//	T2 levering  Tue 3 Mar 09:00, reply 11:00 (7200 s), solved Wed, 3 replies, transfers 2
//	T3 Retour    Tue 3 Mar 10:00, messages: customer 10:00, agent 10:30 (1800 s), solved 11:00, transfers empty
//	T4 (none)    Wed 4 Mar 09:00, not answered, not solved
//	T5 Retour    created in February, solved in April, transfers 1: outside March
//
// and CSAT answers R1 5 on T1, R2 2 on T2, R3 4 on T3 (its own channel chat), R4 4 without a
// ticket.
func contactReasons() []cx.Record {
	solved := func(tk *cx.Ticket, when string, replies int, transfers *int) *cx.Ticket {
		tk.SolvedAt, tk.AgentReplies, tk.Reopens, tk.Transfers = at(when), one(replies), one(0), transfers
		return tk
	}
	csat := func(id, ticket string, score int) *cx.Response {
		return &cx.Response{ID: id, Survey: "csat", Score: score, SubmittedAt: at("2026-03-05 12:00"), TicketID: ticket}
	}
	r3 := csat("R3", "T3", 4)
	r3.Channel = "chat"
	return []cx.Record{
		solved(&cx.Ticket{ID: "T1", Category: "Levering", Channel: "email", CreatedAt: at("2026-03-02 09:00"),
			FirstReplyAt: at("2026-03-02 10:00")}, "2026-03-02 12:00", 1, one(0)),
		solved(&cx.Ticket{ID: "T2", Category: " levering ", Channel: "email", CreatedAt: at("2026-03-03 09:00"),
			FirstReplyAt: at("2026-03-03 11:00")}, "2026-03-04 09:00", 3, one(2)),
		solved(&cx.Ticket{ID: "T3", Category: "Retour", Channel: "email", CreatedAt: at("2026-03-03 10:00")},
			"2026-03-03 11:00", 1, nil),
		&cx.Message{ID: "M1", TicketID: "T3", At: at("2026-03-03 10:00"), Author: cx.AuthorCustomer},
		&cx.Message{ID: "M2", TicketID: "T3", At: at("2026-03-03 10:30"), Author: cx.AuthorAgent},
		&cx.Ticket{ID: "T4", Channel: "chat", CreatedAt: at("2026-03-04 09:00")},
		solved(&cx.Ticket{ID: "T5", Category: "Retour", CreatedAt: at("2026-02-27 09:00")}, "2026-04-02 09:00", 1, one(1)),
		csat("R1", "T1", 5), csat("R2", "T2", 2), r3, csat("R4", "", 4),
	}
}

// TestByCategory: tickets split by their category, answers and replies by their ticket's; a
// ticket without one, and an answer without a ticket, are the "" group. Customer metrics and
// IQS are left out of category groups.
func TestByCategory(t *testing.T) {
	e := newEngine(t)
	e.Apply(contactReasons()...)
	groups, err := e.Report(Query{From: day("2026-03-01"), To: day("2026-04-01"), By: ByCategory})
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		created, solved, unanswered, frtN, fcrN, transfersN, csatN, replyN int
		frtMean, fcr, transfers, csat, reply                               *float64 // nil: null
	}
	wants := map[string]want{
		"": {created: 1, unanswered: 1, csatN: 1, csat: new(100.0)},
		// First seen as "Levering": T2's " levering " is the same category.
		"Levering": {created: 2, solved: 2, frtN: 2, frtMean: new(5400.0), fcrN: 2, fcr: new(50.0),
			transfersN: 2, transfers: new(50.0), csatN: 2, csat: new(50.0)},
		// T5 is outside March on both counts but never answered: in the backlog. T3's transfers
		// are not known: not measured.
		"Retour": {created: 1, solved: 1, unanswered: 1, frtN: 1, frtMean: new(1800.0), fcrN: 1, fcr: new(100.0),
			csatN: 1, csat: new(100.0), replyN: 1, reply: new(1800.0)},
	}
	var keys []string
	for _, g := range groups {
		keys = append(keys, *g.Key)
		w, ok := wants[*g.Key]
		if !ok {
			t.Errorf("unexpected group %q", *g.Key)
			continue
		}
		m := g.Metrics
		t.Run("group "+*g.Key, func(t *testing.T) {
			if m.Tickets.Created != w.created || m.Tickets.Solved != w.solved {
				t.Errorf("created %d solved %d, want %d %d", m.Tickets.Created, m.Tickets.Solved, w.created, w.solved)
			}
			if u := m.FirstResponse.Unanswered; u == nil || *u != w.unanswered {
				t.Errorf("unanswered %v, want %d", u, w.unanswered)
			}
			for _, f := range []struct {
				name    string
				n, wn   int
				got, wv *float64
			}{
				{"first response (business mean)", m.FirstResponse.Business.N, w.frtN, m.FirstResponse.Business.Mean, w.frtMean},
				{"fcr", m.FCR.N, w.fcrN, m.FCR.Value, w.fcr},
				{"transfer rate", m.Transfers.N, w.transfersN, m.Transfers.Value, w.transfers},
				{"csat", m.CSAT.N, w.csatN, m.CSAT.Value, w.csat},
				{"reply time (business mean)", m.ReplyTime.Business.N, w.replyN, m.ReplyTime.Business.Mean, w.reply},
			} {
				if f.n != f.wn || !sameFigure(f.got, f.wv) {
					t.Errorf("%s: %s n %d, want %s n %d", f.name, shown(f.got), f.n, shown(f.wv), f.wn)
				}
			}
			if m.Churn != nil || m.Retention != nil || m.CLV != nil || m.Referral != nil || m.Engagement != nil || m.IQS != nil {
				t.Error("customer metrics or IQS in a category group: they have no category")
			}
		})
	}
	if !slices.Equal(keys, []string{"", "Levering", "Retour"}) {
		t.Errorf("groups %q, want \"\", Levering, Retour (sorted by key)", keys)
	}
	if got := e.Names(ByCategory); !slices.Equal(got, []string{"Levering", "Retour"}) {
		t.Errorf("Names(ByCategory) = %q, want [Levering Retour]", got)
	}
}

// TestFilterByCategory: a category filter keeps its tickets and their answers, compared as
// names are (trimmed, case-insensitively); customer metrics do not apply under it, and a
// category nobody has keeps nothing.
func TestFilterByCategory(t *testing.T) {
	e := newEngine(t)
	e.Apply(contactReasons()...)
	march := func(by Dim, category string) []Group {
		t.Helper()
		groups, err := e.Report(Query{From: day("2026-03-01"), To: day("2026-04-01"), By: by,
			Filter: map[Dim]string{ByCategory: category}})
		if err != nil {
			t.Fatal(err)
		}
		return groups
	}
	m := march(ByNone, " LEVERING")[0].Metrics
	if m.Tickets.Created != 2 || m.CSAT.N != 2 || m.Transfers.N != 2 || m.Transfers.Transferred != 1 {
		t.Errorf("Levering: created %d, csat n %d, transfers %+v; want 2, 2, n 2 transferred 1",
			m.Tickets.Created, m.CSAT.N, *m.Transfers)
	}
	if m.Churn != nil || m.IQS != nil {
		t.Error("customer metrics or IQS under a category filter")
	}
	// Retour by channel: T3 is email, its answer R3 chat (the answer's own channel).
	byChannel := map[string]metric.Set{}
	for _, g := range march(ByChannel, "retour") {
		byChannel[*g.Key] = g.Metrics
	}
	// T5, without a channel, is in the backlog: never answered, created before the end of March.
	if len(byChannel) != 3 || byChannel["email"].Tickets.Created != 1 || byChannel["chat"].CSAT.N != 1 ||
		byChannel["email"].CSAT.N != 0 || *byChannel[""].FirstResponse.Unanswered != 1 {
		t.Errorf("Retour by channel: %d groups; want email (T3), chat (R3) and none (T5 unanswered)", len(byChannel))
	}
	if m := march(ByNone, "Garantie")[0].Metrics; m.Tickets.Created != 0 || m.CSAT.N != 0 {
		t.Errorf("an unknown category keeps created %d, csat n %d; want nothing", m.Tickets.Created, m.CSAT.N)
	}
}

// TestTransferRate: of the tickets solved in the period with transfers known, the share with
// at least one (describeTransfers' worked example; T3's empty column and T5 solved in April
// are out).
func TestTransferRate(t *testing.T) {
	m := marchReport(t, newEngine(t), contactReasons()...)
	if m.Transfers.N != 2 || m.Transfers.Transferred != 1 || !sameFigure(m.Transfers.Value, new(50.0)) {
		t.Errorf("transfer rate %+v (%s), want n 2, transferred 1, 50", *m.Transfers, shown(m.Transfers.Value))
	}
	april, err := newEngineWith(t, contactReasons()).Report(Query{From: day("2026-04-01"), To: day("2026-05-01")})
	if err != nil {
		t.Fatal(err)
	}
	if tr := april[0].Metrics.Transfers; tr.N != 1 || !sameFigure(tr.Value, new(100.0)) {
		t.Errorf("April: %+v, want T5 alone, n 1, 100", *tr)
	}
	// An export without the column: not measured, never 0%.
	noColumn := marchReport(t, newEngine(t), solvedTicket("A", one(1)), solvedTicket("B", one(1)))
	if noColumn.Transfers.N != 0 || noColumn.Transfers.Value != nil {
		t.Errorf("without transfers: %+v, want n 0 and null", *noColumn.Transfers)
	}
}

func newEngineWith(t *testing.T, recs []cx.Record) *Engine {
	e := newEngine(t)
	e.Apply(recs...)
	return e
}

func sameFigure(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a > *b-1e-9 && *a < *b+1e-9
}
