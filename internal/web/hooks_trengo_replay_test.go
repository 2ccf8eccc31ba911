package web

import (
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// Trengo signs a delivery's timestamp and body ("<unix>;<hex HMAC-SHA256 of unix.body>",
// https://developers.trengo.com/docs/verifiying-request) and sends no event name: the webhook's
// type is in the URL the admin gives it (?event=TICKET_CLOSED), unsigned. Its ticket events
// share one body, ticket_id=5531 (https://developers.trengo.com/docs/payload), and each Trengo
// webhook has a signing secret of its own, so a klantpuls connection per webhook, per type.

// TestHookTrengoReplayUnderAnotherEvent: within the hour Trengo's signed timestamp is accepted, a
// captured TICKET_CLOSED sent again to its connection as ?event=TICKET_MARKED_AS_SPAM verified and
// deleted ticket 5531. Now a connection receives the one event its first delivery named: the
// replay is refused (403, naming the event parameter), nothing written, counted on the
// connection, and the ticket stays; a new TICKET_CLOSED of the webhook is still written. The
// event is kept in the database, so on SQLite and on PostgreSQL.
func TestHookTrengoReplayUnderAnotherEvent(t *testing.T) {
	for _, db := range []string{"SQLite", "PostgreSQL"} {
		t.Run(db, func(t *testing.T) {
			dsn := sqlitetest.New(t)
			if db == "PostgreSQL" {
				dsn = postgrestest.Fresh(t)
			}
			testTrengoReplayUnderAnotherEvent(t, dsn)
		})
	}
}

func testTrengoReplayUnderAnotherEvent(t *testing.T, dsn string) {
	c := &clock{t: time.Date(2026, 3, 16, 12, 0, 0, 0, time.UTC)}
	ts := startServerOn(t, dsn, func(o *Options) { o.Now = c.now })
	const createdSecret, closedSecret = "trengo_sign_created_7Qx2", "trengo_sign_closed_4Hm8"
	created := connectHook(t, ts, "trengo", createdSecret)
	closed := connectHook(t, ts, "trengo", closedSecret)
	const ticket = "ticket_id=5531"
	if res := trengoDelivery(ts, created, "TICKET_CREATED", ticket, trengoSigned(createdSecret, ticket, c.now())); res.status != 200 || !ts.stored(t, cx.KindTickets, "5531") {
		t.Fatalf("TICKET_CREATED: %d %s", res.status, res.body)
	}
	c.add(time.Minute)
	captured := trengoSigned(closedSecret, ticket, c.now())
	if res := trengoDelivery(ts, closed, "TICKET_CLOSED", ticket, captured); res.status != 200 {
		t.Fatalf("TICKET_CLOSED: %d %s", res.status, res.body)
	}

	c.add(10 * time.Minute) // within Trengo's hour: the captured signature still verifies
	res := trengoDelivery(ts, closed, "TICKET_MARKED_AS_SPAM", ticket, captured)
	if res.status != 403 || !strings.Contains(res.body, `"parameter":"event"`) || !strings.Contains(res.body, "TICKET_CLOSED") {
		t.Errorf("the TICKET_CLOSED sent again as TICKET_MARKED_AS_SPAM: %d %s; want 403 naming the event parameter and TICKET_CLOSED", res.status, res.body)
	}
	if !ts.stored(t, cx.KindTickets, "5531") {
		t.Error("the replay deleted ticket 5531")
	}
	got := ts.connection(HookPath(closed))
	if got.Deliveries != 1 || got.Errors != 1 || !strings.Contains(got.LastError, "TICKET_MARKED_AS_SPAM") {
		t.Errorf("connection: %d deliveries, %d errors, last %q; want 1, 1 and the refused event", got.Deliveries, got.Errors, got.LastError)
	}

	// The webhook's own next delivery, of its own event, is written.
	c.add(time.Minute)
	if res := trengoDelivery(ts, closed, "TICKET_CLOSED", ticket, trengoSigned(closedSecret, ticket, c.now())); res.status != 200 {
		t.Errorf("a new TICKET_CLOSED: %d %s; want 200", res.status, res.body)
	}
}

// TestHookTrengoReplayOfTheSameEvent: Trengo sends no delivery id, so within the hour a captured
// TICKET_CLOSED sent again to its own connection closed the ticket again — after a
// TICKET_REOPENED, a reopened ticket closed at the captured time. The signature header is the
// delivery's id: it holds the second Trengo signed at and the HMAC of that second and the body,
// so two deliveries have one only when they are the same delivery.
func TestHookTrengoReplayOfTheSameEvent(t *testing.T) {
	c := &clock{t: time.Date(2026, 3, 16, 12, 0, 0, 0, time.UTC)}
	ts := startServerOn(t, sqlitetest.New(t), func(o *Options) { o.Now = c.now })
	const createdSecret, secret = "trengo_sign_created_2Wv5", "trengo_sign_closed_9Kd3"
	created := connectHook(t, ts, "trengo", createdSecret)
	closed := connectHook(t, ts, "trengo", secret)
	const ticket = "ticket_id=5531"
	send := func(signature string) response {
		t.Helper()
		return trengoDelivery(ts, closed, "TICKET_CLOSED", ticket, signature)
	}
	if res := trengoDelivery(ts, created, "TICKET_CREATED", ticket, trengoSigned(createdSecret, ticket, c.now())); res.status != 200 {
		t.Fatalf("TICKET_CREATED: %d %s", res.status, res.body)
	}
	c.add(time.Minute)
	captured := trengoSigned(secret, ticket, c.now())
	if res := send(captured); res.status != 200 || !strings.Contains(res.body, `"written":1`) {
		t.Fatalf("TICKET_CLOSED: %d %s; want 200 and one row written", res.status, res.body)
	}
	c.add(10 * time.Minute) // within Trengo's hour: the captured signature still verifies
	if res := send(captured); res.status != 200 || !strings.Contains(res.body, `"repeat":true`) || !strings.Contains(res.body, `"written":0`) {
		t.Errorf("the same TICKET_CLOSED sent again: %d %s; want 200, a repeat, nothing written", res.status, res.body)
	}
	// Trengo's own next TICKET_CLOSED of the ticket, signed at another second, is written.
	if res := send(trengoSigned(secret, ticket, c.now())); res.status != 200 || !strings.Contains(res.body, `"written":1`) {
		t.Errorf("a new TICKET_CLOSED: %d %s; want 200 and one row written", res.status, res.body)
	}
	if got := ts.connection(HookPath(closed)); got.Deliveries != 3 || got.Errors != 0 {
		t.Errorf("connection: %d deliveries, %d errors; want 3 and 0", got.Deliveries, got.Errors)
	}
}

// TestHookTrengoReplayRespelled: the signature header is Trengo's delivery id, but it verifies
// in more spellings than Trengo writes: hex in capitals (hex decodes either case, RFC 4648
// section 8 names both) and white space before the ";" (the timestamp is read trimmed). Sent
// again so respelled within the hour, a captured TICKET_CLOSED was remembered as another
// delivery and written again — closing a ticket reopened since. Each spelling is the delivery
// Trengo sent: a repeat, nothing written.
func TestHookTrengoReplayRespelled(t *testing.T) {
	c := &clock{t: time.Date(2026, 3, 16, 12, 0, 0, 0, time.UTC)}
	ts := startServerOn(t, sqlitetest.New(t), func(o *Options) { o.Now = c.now })
	const createdSecret, secret = "trengo_sign_created_8Jn4", "trengo_sign_closed_3Fz7"
	created := connectHook(t, ts, "trengo", createdSecret)
	closed := connectHook(t, ts, "trengo", secret)
	const ticket = "ticket_id=5531"
	if res := trengoDelivery(ts, created, "TICKET_CREATED", ticket, trengoSigned(createdSecret, ticket, c.now())); res.status != 200 {
		t.Fatalf("TICKET_CREATED: %d %s", res.status, res.body)
	}
	c.add(time.Minute)
	captured := trengoSigned(secret, ticket, c.now())
	send := func(signature string) response {
		t.Helper()
		return trengoDelivery(ts, closed, "TICKET_CLOSED", ticket, signature)
	}
	if res := send(captured); res.status != 200 || !strings.Contains(res.body, `"written":1`) {
		t.Fatalf("TICKET_CLOSED: %d %s; want 200 and one row written", res.status, res.body)
	}
	c.add(10 * time.Minute) // within Trengo's hour: the captured signature still verifies
	unix, mac, _ := strings.Cut(captured, ";")
	for name, respelled := range map[string]string{
		"hex in capitals":        unix + ";" + strings.ToUpper(mac),
		"hex in mixed case":      unix + ";" + strings.ToUpper(mac[:10]) + mac[10:],
		"a space before the ';'": unix + " ;" + mac,
		"a tab before the ';'":   unix + "\t;" + mac,
		"capitals and the space": unix + " ;" + strings.ToUpper(mac),
	} {
		if res := send(respelled); res.status != 200 || !strings.Contains(res.body, `"repeat":true`) || !strings.Contains(res.body, `"written":0`) {
			t.Errorf("%s: %d %s; want 200, a repeat, nothing written", name, res.status, res.body)
		}
	}
	if got := ts.connection(HookPath(closed)); got.Deliveries != 6 || got.Errors != 0 {
		t.Errorf("connection: %d deliveries, %d errors; want 6 (one written, five repeats) and 0", got.Deliveries, got.Errors)
	}
}

// TestHookPatchBeforeItsRecordSaysWhatHappens: a TICKET_CLOSED of a ticket klantpuls has not got
// yet is 409, nothing written, and the answer says so in whole sentences — it ended in "and a
// retry once the record has come is", the patch's rule said twice and the sentence cut off.
func TestHookPatchBeforeItsRecordSaysWhatHappens(t *testing.T) {
	c := &clock{t: time.Date(2026, 3, 16, 12, 0, 0, 0, time.UTC)}
	ts := startServerOn(t, sqlitetest.New(t), func(o *Options) { o.Now = c.now })
	const secret = "trengo_sign_closed_3Pq7"
	closed := connectHook(t, ts, "trengo", secret)
	res := trengoDelivery(ts, closed, "TICKET_CLOSED", "ticket_id=777", trengoSigned(secret, "ticket_id=777", c.now()))
	const want = `nothing of this delivery was written; the tool's next try is written once the record is stored"`
	if res.status != 409 || !strings.Contains(res.body, want) || strings.Count(res.body, "a patch changes a stored record") > 1 {
		t.Errorf("a TICKET_CLOSED before its ticket: %d %s; want 409 ending %q, the patch's rule said once", res.status, res.body, want)
	}
}
