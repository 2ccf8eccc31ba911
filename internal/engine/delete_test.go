package engine

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// everyView is what pages read from the engine, as one string: the report by each dimension,
// the SLA table and the heatmap of the year.
func everyView(t *testing.T, e *Engine) string {
	t.Helper()
	var out bytes.Buffer
	for _, by := range []Dim{ByNone, ByChannel, ByTeam, ByAgent, BySegment, ByCategory} {
		out.WriteString(report(t, e, by))
	}
	q := Query{From: day("2026-01-01"), To: day("2027-01-01")}
	sla, err := e.SLA(q, at("2026-12-01 12:00"), func(string) int64 { return 3600 })
	if err != nil {
		t.Fatal(err)
	}
	heat, err := e.Heatmap(q)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal([]any{sla, heat})
	out.Write(b)
	return out.String()
}

func loaded(t *testing.T, recs []cx.Record) *Engine {
	e := newEngine(t)
	l := e.Load()
	for _, r := range recs {
		l.Put(r)
	}
	l.Close()
	return e
}

func deletionOf(r cx.Record) cx.Deletion { return cx.Deletion{Of: r.RecordKind(), ID: r.Key()} }

// TestDeleteAsIfNeverThere: an engine that applied a record and then its deletion shows what
// an engine that never had the record shows, in every view, for a record of every kind; a
// snapshot keeps the deletion; and the record applied again is back as before.
func TestDeleteAsIfNeverThere(t *testing.T) {
	recs := sample()
	full := everyView(t, loaded(t, recs))
	kinds := map[cx.Kind]int{}
	for i, gone := range recs {
		// Every kind's first three records, and every fifth record besides.
		if kinds[gone.RecordKind()]++; kinds[gone.RecordKind()] > 3 && i%5 != 0 {
			continue
		}
		without := append(append([]cx.Record(nil), recs[:i]...), recs[i+1:]...)
		want := everyView(t, loaded(t, without))
		e := loaded(t, recs)
		e.Apply(deletionOf(gone))
		if got := everyView(t, e); got != want {
			t.Fatalf("%s %s deleted: the views differ from never having it\n got %s\nwant %s", gone.RecordKind(), gone.Key(), got, want)
		}
		var snap bytes.Buffer
		if err := e.Snapshot(&snap, 9); err != nil {
			t.Fatal(err)
		}
		restored, _, err := Restore(testOptions(), &snap)
		if err != nil {
			t.Fatal(err)
		}
		if got := everyView(t, restored); got != want {
			t.Fatalf("%s %s deleted, then snapshot and restore: the record is back", gone.RecordKind(), gone.Key())
		}
		restored.Apply(gone)
		if got := everyView(t, restored); got != full {
			t.Fatalf("%s %s deleted and applied again: the views differ from never deleting it", gone.RecordKind(), gone.Key())
		}
	}
}

// TestDeleteFigures: deleting answers, a message and a ticket changes the figures as a hand
// count says (metrics.md section 1: NPS = %promoters − %detractors; CSAT counts a ticket's
// latest answer; section 2: first response from the first agent message).
func TestDeleteFigures(t *testing.T) {
	e := newEngine(t)
	m := marchReport(t, e,
		&cx.Response{ID: "n1", Survey: "nps", Score: 10, SubmittedAt: at("2026-03-03 10:00")},
		&cx.Response{ID: "n2", Survey: "nps", Score: 9, SubmittedAt: at("2026-03-03 11:00")},
		&cx.Response{ID: "n3", Survey: "nps", Score: 0, SubmittedAt: at("2026-03-03 12:00")},
		&cx.Ticket{ID: "T", CreatedAt: at("2026-03-02 09:00")},
		&cx.Response{ID: "c1", Survey: "csat", Score: 2, SubmittedAt: at("2026-03-04 10:00"), TicketID: "T"},
		&cx.Response{ID: "c2", Survey: "csat", Score: 5, SubmittedAt: at("2026-03-05 10:00"), TicketID: "T"},
		&cx.Message{ID: "m1", TicketID: "T", At: at("2026-03-02 09:30"), Author: cx.AuthorAgent},
		&cx.Message{ID: "m2", TicketID: "T", At: at("2026-03-02 10:00"), Author: cx.AuthorAgent},
		&cx.Review{ReviewID: "V", Criterion: "Toon", ReviewedAt: at("2026-03-06 10:00"), Agent: "Anna", Rating: one(5)},
		&cx.Review{ReviewID: "V", Criterion: "Oplossing", ReviewedAt: at("2026-03-06 10:00"), Agent: "Anna", Rating: one(1)})
	// 2 promoters, 1 detractor of 3: NPS (2 − 1)/3 = 33.3; CSAT: c2 (5) supersedes c1: 1 of 1.
	// Review V on 1–5: Toon (5−1)/4 = 1, Oplossing 0, weights 1: 100·(1 + 0)/2 = 50.
	if m.NPS.N != 3 || m.NPS.Promoters != 2 || m.NPS.Detractors != 1 || m.CSAT.N != 1 {
		t.Fatalf("before: nps %+v csat %+v", m.NPS, m.CSAT)
	}
	if m.IQS.N != 1 || *m.IQS.Value != 50 {
		t.Fatalf("before: iqs %+v, want 50 of 1 review", m.IQS)
	}
	if frt := m.FirstResponse.Calendar; frt.N != 1 || *frt.Median != 1800 {
		t.Fatalf("before: first response %+v, want 1800 s (09:00 to 09:30)", frt)
	}
	// Without n3: NPS (2 − 0)/2 = 100. Without c2, c1 (2) counts again: CSAT 0 of 1, mean 2.
	// Without m1, the first reply is m2: 3600 s. Without Oplossing, V scores 100.
	m = marchReport(t, e, cx.Deletion{Of: cx.KindResponses, ID: "n3"}, cx.Deletion{Of: cx.KindResponses, ID: "c2"},
		cx.Deletion{Of: cx.KindMessages, ID: "m1"}, cx.Deletion{Of: cx.KindReviews, ID: cx.ReviewKey("V", "Oplossing")})
	if m.IQS.N != 1 || *m.IQS.Value != 100 {
		t.Errorf("after: iqs %+v, want V alone with Toon: 100", m.IQS)
	}
	if m.NPS.N != 2 || *m.NPS.Value != 100 {
		t.Errorf("after: nps %+v, want n 2, value 100", m.NPS)
	}
	if m.CSAT.N != 1 || m.CSAT.Positive != 0 || *m.CSAT.Mean != 2 {
		t.Errorf("after: csat %+v, want c1 alone: n 1, 0 positive, mean 2", m.CSAT)
	}
	if frt := m.FirstResponse.Calendar; frt.N != 1 || *frt.Median != 3600 {
		t.Errorf("after: first response %+v, want 3600 s (09:00 to 10:00)", frt)
	}
	// Without the ticket, nothing measures a first response; its answer c1 still counts.
	m = marchReport(t, e, cx.Deletion{Of: cx.KindTickets, ID: "T"}, cx.Deletion{Of: cx.KindTickets, ID: "unknown"})
	if frt := m.FirstResponse; (frt != nil && frt.Calendar.N != 0) || m.CSAT.N != 1 {
		t.Errorf("ticket deleted: first response %+v csat %+v, want none and still 1", frt, m.CSAT)
	}
}
