package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/pgtest"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// eraseWorld is customer Z (distinctive name, address, comment) with an order, a ticket with a
// message, an NPS 9 and a CSAT 2 on the ticket, a mention they wrote and an event; and customer
// Y, whom Z referred, with an NPS 0 and a CSAT 5. All in March 2026.
func eraseWorld() []cx.Record {
	at := func(day int) time.Time { return time.Date(2026, 3, day, 10, 0, 0, 0, time.UTC) }
	secret := cx.Attrs{"notitie": "Wilhelmina-Vos belt liever 's avonds"}
	return []cx.Record{
		&cx.Customer{ID: "Z", AcquiredAt: at(1), Name: "Wilhelmina Zwanenburg-Vos", Email: "w.zwanenburg@example.nl", Attrs: secret},
		&cx.Customer{ID: "Y", AcquiredAt: at(1), Name: "Bas", ReferredBy: "Z"},
		&cx.Order{ID: "O1", CustomerID: "Z", OrderedAt: at(2), Amount: 80, Attrs: secret},
		&cx.Ticket{ID: "T1", CreatedAt: at(3), CustomerID: "Z", Channel: "email", Attrs: secret},
		&cx.Message{ID: "M1", TicketID: "T1", At: at(3), Author: cx.AuthorCustomer, Attrs: secret},
		&cx.Response{ID: "R1", Survey: cx.SurveyNPS, Score: 9, SubmittedAt: at(4), CustomerID: "Z", Channel: "email",
			Comment: "Wilhelmina is blij met de snelle levering"},
		&cx.Response{ID: "R2", Survey: cx.SurveyCSAT, Score: 2, SubmittedAt: at(5), TicketID: "T1", Comment: "Pakket kwijt, Wilhelmina"},
		&cx.Response{ID: "R3", Survey: cx.SurveyNPS, Score: 0, SubmittedAt: at(4), CustomerID: "Y"},
		&cx.Response{ID: "R4", Survey: cx.SurveyCSAT, Score: 5, SubmittedAt: at(5), CustomerID: "Y"},
		&cx.Mention{ID: "N1", Source: "X", At: at(6), Text: "Top winkel!", Author: "wilhelmina zwanenburg-vos", URL: "https://x.example/1"},
		&cx.Mention{ID: "N2", Source: "X", At: at(6), Text: "Matig", Author: "Bas"},
		&cx.Event{ID: "E1", CustomerID: "Z", Kind: "login", At: at(7), Attrs: secret},
	}
}

func openErase(t *testing.T) (*App, string) {
	t.Helper()
	dir := t.TempDir()
	return openEraseAt(t, filepath.Join(dir, "k.db")), dir
}

// openEraseAt opens an app on dsn (a SQLite file or a PostgreSQL database), closed at the end.
func openEraseAt(t *testing.T, dsn string) *App {
	t.Helper()
	cfg, err := config.Parse(nil, "klantpuls.toml")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Open(context.Background(), sqlitetest.FreshUnlessThere(t, dsn), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func marchGroup(t *testing.T, a *App) engine.Group {
	t.Helper()
	groups, err := a.Report(context.Background(), engine.Query{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		To: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil || len(groups) != 1 {
		t.Fatalf("report: %v %v", groups, err)
	}
	return groups[0]
}

// TestErase: without purge the customer's text is gone from every record and the figures stay
// (hand count: NPS answers 9 and 0 → 1 promoter, 1 detractor: 0; CSAT 2 and 5 on 4+ → 1 of 2);
// with purge the records go and the figures are Y's alone (NPS 0 → −100; CSAT 1 of 1). On both
// databases; on PostgreSQL the files of the tables are read too.
func TestErase(t *testing.T) {
	for _, db := range []string{"SQLite", "PostgreSQL"} {
		for _, purge := range []bool{false, true} {
			t.Run(db+" "+map[bool]string{false: "keep scores", true: "purge"}[purge], func(t *testing.T) {
				dir := t.TempDir()
				dsn := filepath.Join(dir, "k.db")
				if db == "PostgreSQL" {
					dsn = postgrestest.Fresh(t)
				}
				testErase(t, dsn, dir, purge)
			})
		}
	}
}

func testErase(t *testing.T, dsn, dir string, purge bool) {
	ctx := ActingAs(context.Background(), cx.AuditEntry{Actor: "anouk@shop.nl", From: "192.0.2.1"})
	a := openEraseAt(t, dsn)
	if _, err := a.Ingest(ctx, eraseWorld()); err != nil {
		t.Fatal(err)
	}
	rejects := filepath.Join(dir, "orders.rejects.csv")
	os.WriteFile(rejects, []byte("order_id,customer\nO9,Wilhelmina Zwanenburg-Vos\n"), 0o600)
	run := &cx.ImportRun{Actor: "cli:x", File: "orders.csv", Source: "orders", Status: cx.ImportDone, Rejects: rejects}
	if err := a.StartImport(ctx, run); err != nil {
		t.Fatal(err)
	}
	owner, err := a.CreateUser(ctx, "sanne@shop.nl", "correct horse battery", cx.RoleManager, "", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := a.surveys.SetFollowUp(ctx, &cx.FollowUp{ResponseID: "R2", OwnerID: owner.ID, Reply: "Beste Wilhelmina, excuses", Status: cx.FollowUpDone}); err != nil {
		t.Fatal(err)
	}
	survey := &cx.Survey{Name: "Na de levering", Kind: cx.SurveyNPS, QuestionNL: "Hoe waarschijnlijk?", QuestionEN: "How likely?", Active: true}
	if err := a.surveys.CreateSurvey(ctx, survey); err != nil {
		t.Fatal(err)
	}
	for i, inv := range []cx.Invitation{{CustomerID: "Z", Email: "w.zwanenburg@example.nl"}, {Email: "W.Zwanenburg@Example.nl "}, {CustomerID: "Y", Email: "bas@example.nl"}} {
		inv.ID, inv.SurveyID, inv.Channel, inv.Lang, inv.Status = fmt.Sprint("inv", i), survey.ID, "email", "nl", cx.InviteSent
		if err := a.surveys.CreateInvitation(ctx, &inv); err != nil {
			t.Fatal(err)
		}
	}
	snapshot := filepath.Join(dir, "engine.snapshot")
	if _, err := a.Start(ctx, snapshot); err != nil {
		t.Fatal(err)
	}
	before := marchGroup(t, a).Metrics
	if *before.NPS.Value != 0 || before.NPS.Promoters != 1 || before.CSAT.N != 2 || before.CSAT.Positive != 1 {
		t.Fatalf("before: nps %+v csat %+v", before.NPS, before.CSAT)
	}
	// Z's order of 80 is March's one order; Y of the 2 new customers was referred.
	if c, r := before.CLV, before.Referral; c.Orders != 1 || c.Buyers != 1 || *c.AOV != 80 || r.New != 2 || r.Referred != 1 {
		t.Fatalf("before: clv %+v referral %+v", *c, *r)
	}
	res, err := a.Erase(ctx, "Z", purge)
	if err != nil {
		t.Fatal(err)
	}
	// 8 records of Z's: the customer, O1, T1, M1, R1, R2, N1, E1, and Y, whom Z referred, moved
	// onto the pseudonym; 2 invitations (by id, by address).
	want := EraseResult{CustomerID: "Z", Pseudonym: res.Pseudonym, Purged: purge, Invitations: 2, FollowUps: 1, Leftovers: []string{rejects}}
	if !strings.HasPrefix(res.Pseudonym, "erased-") || len(res.Pseudonym) != len("erased-")+32 {
		t.Errorf("pseudonym %q, want erased- and 32 hex digits", res.Pseudonym)
	}
	if purge {
		want.Deleted, want.Erased = 8, 1
	} else {
		want.Erased = 9
	}
	scrub := res.Scrub
	res.Scrub = ""
	if !reflect.DeepEqual(res, want) {
		t.Errorf("result %+v, want %+v", res, want)
	}
	checkScrub(t, dsn, scrub)
	after := marchGroup(t, a).Metrics
	if !purge && (!reflect.DeepEqual(after.NPS, before.NPS) || !reflect.DeepEqual(after.CSAT, before.CSAT)) {
		t.Errorf("kept scores: nps %+v csat %+v, want as before", after.NPS, after.CSAT)
	}
	// Under the pseudonym Z's order, event and referral count as under Z.
	if !purge && (!reflect.DeepEqual(after.CLV, before.CLV) || !reflect.DeepEqual(after.Referral, before.Referral) ||
		!reflect.DeepEqual(after.Churn, before.Churn) || !reflect.DeepEqual(after.Engagement, before.Engagement)) {
		t.Errorf("kept figures: clv %+v referral %+v churn %+v engagement %+v, want %+v %+v %+v %+v", *after.CLV, *after.Referral,
			*after.Churn, *after.Engagement, *before.CLV, *before.Referral, *before.Churn, *before.Engagement)
	}
	if purge && (*after.NPS.Value != -100 || after.CSAT.N != 1 || after.CSAT.Positive != 1) {
		t.Errorf("purged: nps %+v csat %+v, want −100 and 1 of 1", after.NPS, after.CSAT)
	}
	checkErased(t, a, purge, res.Pseudonym)
	if inv, err := a.surveys.Invitation(ctx, "inv0"); err != nil || inv.CustomerID != res.Pseudonym || inv.Email != "" {
		t.Errorf("Z's invitation: %+v %v, want it to name %s and no address", inv, err, res.Pseudonym)
	}
	if inv, err := a.surveys.Invitation(ctx, "inv2"); err != nil || inv.Email != "bas@example.nl" {
		t.Errorf("another customer's invitation: %+v %v, want it kept", inv, err)
	}
	if strings.HasPrefix(dsn, "postgres") {
		checkTableFiles(t, dsn)
	}
	// The audit log has who erased, and not what.
	log, err := a.AuditLog(ctx, store.AuditQuery{Action: cx.AuditErase})
	if err != nil || len(log) != 1 || log[0].Actor != "anouk@shop.nl" || log[0].Subject != "customer "+res.Pseudonym ||
		strings.Contains(detailOf(log[0]), "Wilhelmina") {
		t.Errorf("audit %+v %v", log, err)
	}
	// And what became of the follow-up: deleted with purge, else its reply removed.
	if want := map[bool]string{false: "followup_replies_removed 1", true: "followups_deleted 1"}[purge]; len(log) == 1 && !strings.Contains(detailOf(log[0]), want) {
		t.Errorf("audit detail %q, want it to say %q", detailOf(log[0]), want)
	}
	// A restart from the snapshot Erase wrote agrees.
	again := openEraseAt(t, dsn)
	if from, err := again.Start(ctx, snapshot); err != nil || !from {
		t.Fatalf("restart: from snapshot %v, %v", from, err)
	}
	if got := marchGroup(t, again).Metrics; !reflect.DeepEqual(got.NPS, after.NPS) || !reflect.DeepEqual(got.CSAT, after.CSAT) {
		t.Errorf("restarted: nps %+v csat %+v, want %+v %+v", got.NPS, got.CSAT, after.NPS, after.CSAT)
	}
}

// checkScrub checks what Erase says the database did: SQLite vacuums the whole file and empties
// its write-ahead log; PostgreSQL rewrites the tables of the survey invitations, follow-ups and
// audit log and of the eight records' kinds (in the order they were found, so compared as a set).
func checkScrub(t *testing.T, dsn, scrub string) {
	t.Helper()
	if !strings.HasPrefix(dsn, "postgres") {
		if want := "SQLite: VACUUM rebuilt the file and a TRUNCATE checkpoint emptied the write-ahead log"; scrub != want {
			t.Errorf("scrub %q, want %q", scrub, want)
		}
		return
	}
	tables, ok := strings.CutPrefix(scrub, "PostgreSQL: VACUUM FULL ")
	got := strings.Split(tables, ", ")
	slices.Sort(got)
	want := []string{"audit_log", "customers", "events", "followups", "invitations", "mentions", "messages", "orders", "responses", "tickets"}
	if !ok || !slices.Equal(got, want) {
		t.Errorf("scrub %q, want VACUUM FULL of %v", scrub, want)
	}
}

// checkTableFiles reads the files of PostgreSQL's tables that held the customer's text: no
// erased text is in them (Scrub's VACUUM FULL).
func checkTableFiles(t *testing.T, dsn string) {
	t.Helper()
	for _, table := range []string{"customers", "orders", "tickets", "messages", "responses", "mentions", "events", "invitations", "followups"} {
		data := bytes.ToLower(pgtest.TableFile(t, dsn, table))
		for _, text := range []string{"wilhelmina", "zwanenburg", "x.example"} {
			if bytes.Contains(data, []byte(text)) {
				t.Errorf("the file of %s (%d bytes) still holds %q", table, len(data), text)
			}
		}
	}
}

// checkErased reads every stored record back: none holds the customer's text.
func checkErased(t *testing.T, a *App, purge bool, pseudonym string) {
	t.Helper()
	ctx := context.Background()
	n := 0
	for _, kind := range cx.Kinds {
		err := a.store.Stream(ctx, kind, func(r cx.Record) error {
			n++
			if s := strings.ToLower(fmt.Sprintf("%+v", r)); strings.Contains(s, "wilhelmina") || strings.Contains(s, "zwanenburg") ||
				strings.Contains(s, "x.example") {
				t.Errorf("%s %s still holds the customer's text: %s", kind, r.Key(), s)
			}
			if subjectOf(r) == "Z" || r.Key() == "Z" {
				t.Errorf("%s %s still names customer Z", kind, r.Key())
			}
			if c, ok := r.(*cx.Customer); ok && c.ID == "Y" && c.ReferredBy != pseudonym {
				t.Errorf("Y is referred by %q, want %q", c.ReferredBy, pseudonym)
			}
			if c, ok := r.(*cx.Customer); ok && c.ID == pseudonym && (purge || c.AcquiredAt.Day() != 1) {
				t.Errorf("the pseudonym's row %+v, want none with purge, else acquired 1 March", *c)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// 12 records; with purge Z's 8 are gone.
	if want := map[bool]int{false: 12, true: 4}[purge]; n != want {
		t.Errorf("%d records stored, want %d", n, want)
	}
	// With purge no row about the customer stays: their answer's follow-up (owner and state) goes
	// with it; else it keeps its owner and state without the reply.
	follows, err := a.surveys.FollowUps(ctx, []string{"R2"})
	f, kept := follows["R2"]
	if err != nil || purge && kept || !purge && (!kept || f.Reply != "" || f.OwnerID == 0 || f.Status != cx.FollowUpDone) {
		t.Errorf("purge %v: follow-up %+v %v, want %s", purge, follows, err,
			map[bool]string{false: "its owner and state without the reply", true: "none"}[purge])
	}
}

// TestDelete: a record deleted is gone from the store and the figures; an unknown one is not
// found; both deletions are in the audit log only when done.
func TestDelete(t *testing.T) {
	a, _ := openErase(t)
	ctx := context.Background()
	if _, err := a.Ingest(ctx, eraseWorld()); err != nil {
		t.Fatal(err)
	}
	if err := a.LoadEngine(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.Delete(ctx, cx.KindResponses, "R3"); err != nil {
		t.Fatal(err)
	}
	// NPS: R1 (9) alone: 1 promoter of 1: 100.
	if m := marchGroup(t, a).Metrics; m.NPS.N != 1 || *m.NPS.Value != 100 {
		t.Errorf("after deleting R3: nps %+v, want n 1, 100", m.NPS)
	}
	if _, err := a.Record(ctx, cx.KindResponses, "R3"); cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Errorf("R3 read back: %v, want not found", err)
	}
	if err := a.Delete(ctx, cx.KindResponses, "R3"); cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Errorf("R3 deleted again: %v, want not found", err)
	}
	if err := a.Delete(ctx, "widgets", "R3"); cx.ErrorCode(err) != cx.EINVALID {
		t.Errorf("an unknown kind: %v, want invalid", err)
	}
	log, err := a.AuditLog(ctx, store.AuditQuery{Action: cx.AuditRecordDelete})
	if err != nil || len(log) != 1 || log[0].Subject != "responses R3" || log[0].Actor != "system" {
		t.Errorf("audit %+v %v, want one entry for responses R3 by system", log, err)
	}
	if _, err := a.Erase(ctx, "nobody", false); cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Errorf("erasing an unknown customer: %v, want not found", err)
	}
}

// TestErasureRemembered: after Z's erasure, every write path stores what names Z under the
// pseudonym, without the text erasure removes, and counts it: Write (the API, webhooks, syncs),
// Import and Bulk. On both databases.
func TestErasureRemembered(t *testing.T) {
	for _, db := range []string{"SQLite", "PostgreSQL"} {
		t.Run(db, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "k.db")
			if db == "PostgreSQL" {
				dsn = postgrestest.Fresh(t)
			}
			testErasureRemembered(t, dsn)
		})
	}
}

func testErasureRemembered(t *testing.T, dsn string) {
	ctx := context.Background()
	a := openEraseAt(t, dsn)
	if err := a.LoadEngine(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Ingest(ctx, eraseWorld()); err != nil {
		t.Fatal(err)
	}
	erased, err := a.Erase(ctx, "Z", false)
	if err != nil {
		t.Fatal(err)
	}
	p := erased.Pseudonym
	at := func(day int) time.Time { return time.Date(2026, 3, day, 10, 0, 0, 0, time.UTC) }
	secret := cx.Attrs{"notitie": "Wilhelmina belt terug"}
	// Z's row sent again whole, a new order and answer of Z's, and X, whom Z referred: 4.
	res, err := a.Write(ctx, []cx.Record{
		&cx.Customer{ID: "Z", AcquiredAt: at(1), Name: "Wilhelmina Zwanenburg-Vos", Email: "w.zwanenburg@example.nl", Attrs: secret},
		&cx.Order{ID: "O2", CustomerID: "Z", OrderedAt: at(9), Amount: 20, Attrs: secret},
		&cx.Response{ID: "R5", Survey: cx.SurveyNPS, Score: 10, SubmittedAt: at(9), CustomerID: "Z", Comment: "Wilhelmina is weer blij"},
		&cx.Customer{ID: "X", AcquiredAt: at(9), Name: "Xander", ReferredBy: "Z"},
		&cx.Order{ID: "O3", CustomerID: "X", OrderedAt: at(9), Amount: 30},
		// A message and a review on Z's ticket name no customer; their ticket names Z's pseudonym.
		&cx.Message{ID: "M2", TicketID: "T1", At: at(9), Author: cx.AuthorCustomer, Attrs: secret},
		&cx.Review{ReviewID: "V1", Criterion: "toon", ReviewedAt: at(9), Agent: "Anna", TicketID: "T1", Attrs: secret},
		// X's ticket and message are no one's erased.
		&cx.Ticket{ID: "T3", CreatedAt: at(9), CustomerID: "X", Channel: "email", Attrs: secret},
		&cx.Message{ID: "M4", TicketID: "T3", At: at(9), Author: cx.AuthorCustomer, Attrs: secret},
	}, nil)
	if err != nil || res.Forgotten != 6 {
		t.Errorf("Write: %+v %v, want 6 records forgotten", res, err)
	}
	// A file imported again: Z's event and ticket.
	imported, err := a.Import(ctx, func(put func(cx.Record) error) (int, error) {
		put(&cx.Event{ID: "E2", CustomerID: "Z", Kind: "login", At: at(10), Attrs: secret})
		put(&cx.Ticket{ID: "T2", CreatedAt: at(10), CustomerID: "Z", Channel: "email", Attrs: secret})
		put(&cx.Message{ID: "M3", TicketID: "T2", At: at(10), Author: cx.AuthorCustomer, Attrs: secret}) // its ticket in this file
		return 3, nil
	}, nil)
	if err != nil || imported.Forgotten != 3 {
		t.Errorf("Import: %+v %v, want 3 records forgotten", imported, err)
	}
	if _, err := a.Bulk(ctx, func(put func(cx.Record) error) error {
		return put(&cx.Supplement{Record: &cx.Customer{ID: "Z", AcquiredAt: at(1), Name: "Wilhelmina"}})
	}); err != nil {
		t.Fatal(err)
	}

	rec, err := a.Record(ctx, cx.KindCustomers, p)
	if want := (cx.Customer{ID: p, AcquiredAt: at(1)}); err != nil || !reflect.DeepEqual(*rec.(*cx.Customer), want) {
		t.Errorf("the pseudonym's row: %+v %v, want %+v", rec, err, want)
	}
	if _, err := a.Record(ctx, cx.KindCustomers, "Z"); cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Errorf("a customer Z again: %v", err)
	}
	for _, c := range []struct {
		kind cx.Kind
		id   string
		want cx.Record
	}{
		{cx.KindOrders, "O2", &cx.Order{ID: "O2", CustomerID: p, OrderedAt: at(9), Amount: 20}},
		{cx.KindCustomers, "X", &cx.Customer{ID: "X", AcquiredAt: at(9), Name: "Xander", ReferredBy: p}},
		{cx.KindEvents, "E2", &cx.Event{ID: "E2", CustomerID: p, Kind: "login", At: at(10)}},
		{cx.KindMessages, "M2", &cx.Message{ID: "M2", TicketID: "T1", At: at(9), Author: cx.AuthorCustomer}},
		{cx.KindMessages, "M3", &cx.Message{ID: "M3", TicketID: "T2", At: at(10), Author: cx.AuthorCustomer}},
		{cx.KindMessages, "M4", &cx.Message{ID: "M4", TicketID: "T3", At: at(9), Author: cx.AuthorCustomer, Attrs: secret}},
		{cx.KindReviews, cx.ReviewKey("V1", "toon"), &cx.Review{ReviewID: "V1", Criterion: "toon", ReviewedAt: at(9), Agent: "Anna", TicketID: "T1"}},
	} {
		if got, err := a.Record(ctx, c.kind, c.id); err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %s: %+v %v, want %+v", c.kind, c.id, got, err, c.want)
		}
	}
	if rec, err := a.Record(ctx, cx.KindResponses, "R5"); err != nil || rec.(*cx.Response).Comment != "" || rec.(*cx.Response).CustomerID != p {
		t.Errorf("R5: %+v %v, want it of %s without its comment", rec, err, p)
	}
	if rec, err := a.Record(ctx, cx.KindTickets, "T2"); err != nil || rec.(*cx.Ticket).Attrs != nil || rec.(*cx.Ticket).CustomerID != p {
		t.Errorf("T2: %+v %v, want it of %s without attrs", rec, err, p)
	}
	// Z's orders O1 (80) and O2 (20) and X's O3 (30): 3 orders of 2 buyers, 130 / 3 each.
	if c := marchGroup(t, a).Metrics.CLV; c.Orders != 3 || c.Buyers != 2 || *c.AOV != 130.0/3 {
		t.Errorf("clv %+v, want 3 orders of 2 buyers, AOV 130/3", *c)
	}
}

// TestErasureFollowed: a second process on the same database learns of the erasure by following
// the changes: its engine, and the engine file it writes, no longer hold the erased id (an
// address), and its figures are the erasing process's.
func TestErasureFollowed(t *testing.T) {
	ctx := context.Background()
	dsn := filepath.Join(t.TempDir(), "k.db")
	a, b := openEraseAt(t, dsn), openEraseAt(t, dsn)
	for _, app := range []*App{a, b} {
		if err := app.LoadEngine(ctx); err != nil {
			t.Fatal(err)
		}
	}
	const address = "wilhelmina@example.nl"
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	if _, err := a.Ingest(ctx, []cx.Record{&cx.Customer{ID: address, AcquiredAt: at, Email: address},
		&cx.Order{ID: "O1", CustomerID: address, OrderedAt: at, Amount: 80}}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Erase(ctx, address, false); err != nil {
		t.Fatal(err)
	}
	if _, err := b.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	snapshot := filepath.Join(t.TempDir(), "b.snapshot")
	if err := b.SaveSnapshot(snapshot); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(snapshot); bytes.Contains(data, []byte(address)) {
		t.Errorf("the following process's engine file still holds %s", address)
	}
	// One customer, new in March, with one order of 80: in both.
	got, want := marchGroup(t, b).Metrics, marchGroup(t, a).Metrics
	if !reflect.DeepEqual(got.CLV, want.CLV) || !reflect.DeepEqual(got.Churn, want.Churn) || want.CLV.Orders != 1 || want.Churn.New != 1 {
		t.Errorf("following: clv %+v churn %+v; erasing: %+v %+v; want 1 order, 1 new customer", *got.CLV, *got.Churn, *want.CLV, *want.Churn)
	}
}

// TestErasureFollowedOfACustomerWithoutRow: a help desk's export names its customers by address
// on tickets and answers, and klantpuls has no customer row of them (a ticket's customer_id
// alone). Process a erases anna.verbeek@example.nl, with and without purge; process b follows
// the changes — a second node on PostgreSQL, a second process on SQLite. README: erase removes
// the customer's data from "every server's engine and snapshot". The changes held no deletion of
// a customers row, which such a customer never had: b's engine kept the address as a customer
// id, and so did every engine file b wrote after. The erasure is in the changes itself now (its
// keyed hash under a change number), and the database holds the address nowhere.
func TestErasureFollowedOfACustomerWithoutRow(t *testing.T) {
	for _, db := range []struct {
		name  string
		fresh func(t *testing.T) string
	}{
		{"SQLite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "k.db") }},
		{"PostgreSQL", func(t *testing.T) string { return postgrestest.Fresh(t) }},
	} {
		for _, purge := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/purge=%v", db.name, purge), func(t *testing.T) {
				testErasureFollowedOfACustomerWithoutRow(t, db.fresh(t), purge)
			})
		}
	}
}

func testErasureFollowedOfACustomerWithoutRow(t *testing.T, dsn string, purge bool) {
	ctx := context.Background()
	a, b := openEraseAt(t, dsn), openEraseAt(t, dsn)
	for _, n := range []*App{a, b} {
		if err := n.LoadEngine(ctx); err != nil {
			t.Fatal(err)
		}
	}
	const address = "anna.verbeek@example.nl"
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	if _, err := a.Ingest(ctx, []cx.Record{
		&cx.Ticket{ID: "T1", CreatedAt: at, CustomerID: address, Channel: "email", Direction: cx.Inbound},
		&cx.Response{ID: "R1", Survey: cx.SurveyCSAT, Score: 2, SubmittedAt: at.Add(time.Hour), TicketID: "T1", CustomerID: address, Channel: "email"},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Erase(ctx, address, purge); err != nil {
		t.Fatal(err)
	}
	if _, err := b.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, n := range map[string]*App{"a (erasing)": a, "b (following)": b} {
		rows, _, err := n.Customers(ctx, CustomerQuery{Search: "verbeek", Sort: SortName, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.ID == address {
				t.Errorf("process %s: the customer list (search \"verbeek\") still shows the erased customer %s", name, r.ID)
			}
		}
		file := filepath.Join(dir, strings.Fields(name)[0]+".engine")
		if err := n.SaveSnapshot(file); err != nil {
			t.Fatal(err)
		}
		if data, _ := os.ReadFile(file); bytes.Contains(data, []byte(address)) {
			t.Errorf("process %s: its engine file still holds the erased customer's address %s", name, address)
		}
	}
	if strings.HasPrefix(dsn, "postgres") {
		return // TestErase reads PostgreSQL's table files
	}
	if cells := sqlitetest.CellsHolding(t, dsn, address); len(cells) > 0 {
		t.Errorf("after the erasure the database holds %s in %v", address, cells)
	}
}

// TestEraseCustomerKeyedByAddress: the Shopify and WooCommerce presets key a customer by their
// address and leave the e-mail field empty (anna@example.nl, no email). Erasing them removes the
// address from an invitation sent to it (made by address, as the surveys page does for a line
// with an @) and names a rejects file that holds it: the id is one of their addresses. README:
// erase removes "the e-mail address of their survey invitations" and names "any rejects file of
// an earlier import that still holds the customer's text".
func TestEraseCustomerKeyedByAddress(t *testing.T) {
	ctx := context.Background()
	a, dir := openErase(t)
	const addr = "anna@example.nl"
	at := time.Date(2026, 3, 13, 14, 0, 0, 0, time.UTC)
	if _, err := a.Ingest(ctx, []cx.Record{&cx.Customer{ID: addr, AcquiredAt: at, Name: "Anna de Vries"},
		&cx.Order{ID: "#1001", CustomerID: addr, OrderedAt: at, Amount: 54.85}}); err != nil {
		t.Fatal(err)
	}
	survey := &cx.Survey{Name: "Na de levering", Kind: cx.SurveyNPS, QuestionNL: "Hoe waarschijnlijk?", QuestionEN: "How likely?", Active: true}
	if err := a.surveys.CreateSurvey(ctx, survey); err != nil {
		t.Fatal(err)
	}
	inv := cx.Invitation{ID: "inv0", SurveyID: survey.ID, Email: addr, Channel: "email", Lang: "nl", Status: cx.InviteSent}
	if err := a.surveys.CreateInvitation(ctx, &inv); err != nil {
		t.Fatal(err)
	}
	rejects := filepath.Join(dir, "orders.rejects.csv")
	os.WriteFile(rejects, []byte("Name,Email,Total,klantpuls_refused\n#1002,anna@example.nl,x,total: not a number\n"), 0o600)
	if err := a.StartImport(ctx, &cx.ImportRun{Actor: "cli:x", File: "orders.csv", Source: "preset:shopify-orders", Status: cx.ImportDone, Rejects: rejects}); err != nil {
		t.Fatal(err)
	}
	res, err := a.Erase(ctx, addr, false)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := a.surveys.Invitation(ctx, "inv0"); err != nil || got.Email != "" {
		t.Errorf("the invitation sent to %s after the erasure: %+v %v; want no address", addr, got, err)
	}
	if res.Invitations != 1 || !slices.Equal(res.Leftovers, []string{rejects}) {
		t.Errorf("erase result: invitations %d, leftovers %v; want 1 and the rejects file %s", res.Invitations, res.Leftovers, rejects)
	}
	if cells := sqlitetest.CellsHolding(t, filepath.Join(dir, "k.db"), addr, "tombstones"); len(cells) > 0 {
		t.Errorf("after the erasure the database holds %s in %v", addr, cells)
	}
}

// TestEraseFollowUpsAllOrNothing: an erasure's follow-ups are written in the records'
// transaction — deleted with purge, their reply removed without — so a database that refuses
// that write leaves the customer as they were: their row, their answer's comment and its
// follow-up (owner, reply, state), and no audit entry of an erasure. Before, the follow-ups
// were kept with purge, and without it their replies removed after the records had committed.
func TestEraseFollowUpsAllOrNothing(t *testing.T) {
	for _, purge := range []bool{false, true} {
		t.Run(map[bool]string{false: "keep scores", true: "purge"}[purge], func(t *testing.T) {
			bothDatabases(t, func(t *testing.T, dsn string) { testEraseFollowUpsAllOrNothing(t, dsn, purge) })
		})
	}
}

func testEraseFollowUpsAllOrNothing(t *testing.T, dsn string, purge bool) {
	ctx := context.Background()
	a, lead := openWorldWithLead(t, dsn)
	want := cx.FollowUp{ResponseID: "R2", OwnerID: lead.ID, Reply: "Beste Wilhelmina, excuses", Status: cx.FollowUpDone,
		UpdatedAt: time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC)}
	if err := a.surveys.SetFollowUp(ctx, &want); err != nil {
		t.Fatal(err)
	}
	var lift func()
	switch {
	case purge && IsPostgres(dsn):
		lift = pgtest.RefuseDeletes(t, dsn, "followups")
	case purge:
		lift = sqlitetest.RefuseDeletes(t, dsn, "followups")
	default:
		lift = refuseFollowUps(t, dsn)
	}
	if _, err := a.Erase(ctx, "Z", purge); err == nil {
		t.Fatal("the erasure succeeded with its follow-up refused")
	}
	lift()
	if rec, err := a.Record(ctx, cx.KindCustomers, "Z"); err != nil || rec.(*cx.Customer).Name != "Wilhelmina Zwanenburg-Vos" {
		t.Errorf("customer Z after the refused erasure: %+v %v, want as before", rec, err)
	}
	if rec, err := a.Record(ctx, cx.KindResponses, "R2"); err != nil || rec.(*cx.Response).Comment != "Pakket kwijt, Wilhelmina" {
		t.Errorf("answer R2 after the refused erasure: %+v %v, want its comment", rec, err)
	}
	follows, err := a.surveys.FollowUps(ctx, []string{"R2"})
	if got := follows["R2"]; err != nil || got.OwnerID != want.OwnerID || got.Reply != want.Reply || got.Status != want.Status {
		t.Errorf("R2's follow-up after the refused erasure: %+v %v, want %+v", got, err, want)
	}
	if log, err := a.AuditLog(ctx, store.AuditQuery{Action: cx.AuditErase}); err != nil || len(log) != 0 {
		t.Errorf("audit of the refused erasure: %+v %v, want none", log, err)
	}
	// Lifted, the erasure is done whole.
	if _, err := a.Erase(ctx, "Z", purge); err != nil {
		t.Fatal(err)
	}
	follows, err = a.surveys.FollowUps(ctx, []string{"R2"})
	if f, kept := follows["R2"]; err != nil || purge == kept || kept && (f.Reply != "" || f.OwnerID != lead.ID) {
		t.Errorf("purge %v: R2's follow-up after the erasure %+v %v", purge, follows, err)
	}
}
