package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

func openTest(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "klantpuls.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// put stores recs in one transaction and returns how many rows it wrote.
func put(t testing.TB, s *Store, recs ...cx.Record) int {
	t.Helper()
	tx, err := s.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, rec := range recs {
		if err := tx.Put(rec); err != nil {
			t.Fatal(err)
		}
	}
	res, err := tx.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return res.Written
}

func streamAll(t testing.TB, s *Store, kind cx.Kind) []cx.Record {
	t.Helper()
	var got []cx.Record
	err := s.Stream(context.Background(), kind, func(rec cx.Record) error {
		got = append(got, rec)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func at(day, hour, minute int) time.Time {
	return time.Date(2026, time.March, day, hour, minute, 0, 0, time.UTC)
}

func ptr[T any](v T) *T { return &v }

// fullRecords sets every field of every kind, zero-ish numbers included, so a swapped or dropped
// column shows.
func fullRecords() []cx.Record {
	attrs := cx.Attrs{"regio": "Noord", "bron": "webshop"}
	return []cx.Record{
		&cx.Customer{ID: "C1", AcquiredAt: at(1, 9, 0), Name: "Bakkerij de Vries",
			Email: "info@devries.nl", Segment: "MKB", ChurnedAt: at(20, 12, 0), ReferredBy: "C0",
			Attrs: attrs},
		&cx.Order{ID: "O1", CustomerID: "C1", OrderedAt: at(2, 10, 15), Amount: 129.95,
			GrossMargin: ptr(0.0), Attrs: attrs},
		&cx.Ticket{ID: "T1", CreatedAt: at(3, 8, 0), CustomerID: "C1", Channel: "E-mail",
			Team: "Service", Agent: "Anouk", Category: "Levering", Complaint: true,
			Direction: cx.Inbound, FirstReplyAt: at(3, 9, 30), FirstSolvedAt: at(3, 11, 0),
			SolvedAt: at(4, 10, 0), Reopens: ptr(1), AgentReplies: ptr(3), WaitSeconds: ptr(42.5),
			HandleSeconds: ptr(0.0), Transfers: ptr(0), Attrs: attrs},
		&cx.Message{ID: "M1", TicketID: "T1", At: at(3, 9, 30), Author: cx.AuthorAgent,
			Agent: "Anouk", Attrs: attrs},
		&cx.Response{ID: "R1", Survey: cx.SurveyNPS, Score: 0, SubmittedAt: at(5, 14, 0),
			CustomerID: "C1", TicketID: "T1", Channel: "E-mail", Team: "Service", Agent: "Anouk",
			Comment: "Snel geholpen, dank!", Language: "nl", RepliedAt: at(6, 9, 0), Attrs: attrs},
		&cx.Mention{ID: "N1", Source: "Trustpilot", At: at(7, 20, 45), Text: "Prima service",
			Author: "Jan", URL: "https://example.nl/r/1", RepliedAt: at(8, 8, 0), Attrs: attrs},
		&cx.Review{ReviewID: "V1", Criterion: "Toon", ReviewedAt: at(9, 16, 0), Agent: "Anouk",
			TicketID: "T1", Reviewer: "Sanne", Rating: ptr(0), Attrs: attrs},
		&cx.Event{ID: "E1", CustomerID: "C1", Kind: "loyalty_join", At: at(10, 11, 0),
			Attrs: attrs},
	}
}

// minimalRecords sets only what data.md requires; everything else must come back absent.
func minimalRecords() []cx.Record {
	return []cx.Record{
		&cx.Customer{ID: "C2", AcquiredAt: at(1, 9, 0)},
		&cx.Order{ID: "O2", CustomerID: "C2", OrderedAt: at(2, 10, 0), Amount: 10},
		&cx.Ticket{ID: "T2", CreatedAt: at(3, 8, 0)},
		&cx.Message{ID: "M2", TicketID: "T2", At: at(3, 8, 5), Author: cx.AuthorCustomer},
		&cx.Response{ID: "R2", Survey: cx.SurveyCSAT, Score: 4, SubmittedAt: at(5, 14, 0)},
		&cx.Mention{ID: "N2", Source: "X", At: at(7, 20, 0), Text: "Waar blijft mijn pakket?"},
		&cx.Review{ReviewID: "V2", Criterion: "Oplossing", ReviewedAt: at(9, 16, 0), Agent: "Bas"},
		&cx.Event{ID: "E2", CustomerID: "C2", Kind: "training", At: at(10, 11, 0)},
	}
}

func TestRoundTrip(t *testing.T) {
	type roundTrip struct {
		name string
		rec  cx.Record
	}
	var cases []roundTrip
	for _, rec := range fullRecords() {
		cases = append(cases, roundTrip{"every field of " + string(rec.RecordKind()), rec})
	}
	for _, rec := range minimalRecords() {
		cases = append(cases, roundTrip{"required fields of " + string(rec.RecordKind()), rec})
	}
	s, _ := openTest(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if n := put(t, s, tc.rec); n != 1 {
				t.Errorf("written = %d, want 1", n)
			}
			var got cx.Record
			for _, rec := range streamAll(t, s, tc.rec.RecordKind()) {
				if rec.Key() == tc.rec.Key() {
					got = rec
				}
			}
			if !reflect.DeepEqual(got, tc.rec) {
				t.Errorf("got  %+v\nwant %+v", got, tc.rec)
			}
		})
	}
}

func TestInstantsComeBackInUTC(t *testing.T) {
	s, _ := openTest(t)
	amsterdam := time.FixedZone("CET", 3600)
	put(t, s, &cx.Ticket{ID: "T1", CreatedAt: time.Date(2026, 3, 13, 17, 30, 0, 0, amsterdam),
		SolvedAt: time.Unix(0, 0)})
	got := streamAll(t, s, cx.KindTickets)[0].(*cx.Ticket)
	if want := at(13, 16, 30); got.CreatedAt != want {
		t.Errorf("created_at = %v, want %v", got.CreatedAt, want)
	}
	// The Unix epoch is an instant like any other, not an absent one.
	if want := time.Unix(0, 0).UTC(); got.SolvedAt != want {
		t.Errorf("solved_at = %v, want %v", got.SolvedAt, want)
	}
}

func TestReopenSeesData(t *testing.T) {
	s, path := openTest(t)
	put(t, s, fullRecords()...)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	for _, want := range fullRecords() {
		got := streamAll(t, again, want.RecordKind())
		if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
			t.Errorf("%s: got %+v, want [%+v]", want.RecordKind(), got, want)
		}
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	s, path := openTest(t)
	put(t, s, minimalRecords()...)
	for range 2 {
		if err := Migrate(context.Background(), s.write); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	again, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if n, err := again.Count(context.Background(), cx.KindTickets); err != nil || n != 1 {
		t.Errorf("count = %d, %v; want 1", n, err)
	}
}

func TestStreamKeepsFirstInsertionOrder(t *testing.T) {
	s, _ := openTest(t)
	put(t, s, &cx.Ticket{ID: "B", CreatedAt: at(1, 9, 0)}, &cx.Ticket{ID: "A", CreatedAt: at(1, 9, 0)},
		&cx.Ticket{ID: "C", CreatedAt: at(1, 9, 0)})
	// An update of the first row and an insert after it.
	put(t, s, &cx.Ticket{ID: "B", CreatedAt: at(1, 9, 0), Agent: "Anouk"},
		&cx.Ticket{ID: "0", CreatedAt: at(1, 9, 0)})
	var got []string
	for _, rec := range streamAll(t, s, cx.KindTickets) {
		got = append(got, rec.Key())
	}
	if want := []string{"B", "A", "C", "0"}; !reflect.DeepEqual(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}

func TestStreamErrors(t *testing.T) {
	s, _ := openTest(t)
	put(t, s, minimalRecords()...)
	stop := errors.New("stop")
	tests := []struct {
		name string
		kind cx.Kind
		fn   func(cx.Record) error
		want func(error) bool
	}{
		{"the callback's error is returned as it is", cx.KindTickets,
			func(cx.Record) error { return stop },
			func(err error) bool { return err == stop }},
		{"an unknown kind is invalid", cx.Kind("invoices"),
			func(cx.Record) error { return nil },
			func(err error) bool { return cx.ErrorCode(err) == cx.EINVALID }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := s.Stream(context.Background(), tc.kind, tc.fn); !tc.want(err) {
				t.Errorf("err = %v", err)
			}
		})
	}
	if _, err := s.Count(context.Background(), "invoices"); cx.ErrorCode(err) != cx.EINVALID {
		t.Errorf("count of an unknown kind: err = %v, want invalid", err)
	}
}

func TestConnectionSettings(t *testing.T) {
	s, _ := openTest(t)
	tests := []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"synchronous", "2"}, // FULL
		{"foreign_keys", "0"},
		{"busy_timeout", "5000"},
		{"temp_store", "2"}, // MEMORY
	}
	for _, tc := range tests {
		t.Run(tc.pragma, func(t *testing.T) {
			var got string
			if err := s.write.QueryRow("PRAGMA " + tc.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("%s = %s, want %s", tc.pragma, got, tc.want)
			}
		})
	}
}

func TestOpenNeedsAFile(t *testing.T) {
	for _, path := range []string{"", ":memory:"} {
		if _, err := Open(context.Background(), path); cx.ErrorCode(err) != cx.EINVALID {
			t.Errorf("Open(%q): err = %v, want invalid", path, err)
		}
	}
}
