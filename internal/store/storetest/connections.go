package storetest

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Connections runs the contract of store.Connections; open returns a new, empty store.
func Connections(t *testing.T, open func(t *testing.T) store.Connections) {
	s := open(t)
	ctx := context.Background()
	shop := cx.Connection{ID: "c-Shop_1", Source: "shopify", Name: "Webwinkel", Kinds: []cx.Kind{cx.KindCustomers, cx.KindOrders},
		CreatedAt: on(2, 9, 0).Add(400e6), UserID: 1, Actor: "anouk@shop.nl"}
	desk := cx.Connection{ID: "c-desk", Source: "zendesk", Name: "Helpdesk", Kinds: []cx.Kind{cx.KindTickets},
		CreatedAt: on(3, 9, 0), Actor: "cli:beheer"}
	sealed := []byte{0, 1, 2, 0xff, 'x'} // bytes of any value, a zero byte included, come back as they went in
	sealedToken := []byte{0xff, 0, 't'}
	// The help desk's connection keeps an API token, the shop's none.
	for _, c := range []struct {
		c     *cx.Connection
		token []byte
	}{{&shop, nil}, {&desk, sealedToken}} {
		if err := s.CreateConnection(ctx, c.c, sealed, c.token); err != nil {
			t.Fatal(err)
		}
	}
	if shop.APIToken || !desk.APIToken {
		t.Errorf("APIToken after CreateConnection: shop %v, desk %v; want false, true", shop.APIToken, desk.APIToken)
	}
	for id, want := range map[string][]byte{"c-Shop_1": nil, "c-desk": sealedToken} {
		if token, err := s.ConnectionToken(ctx, id); err != nil || !bytes.Equal(token, want) || (want == nil) != (token == nil) {
			t.Errorf("ConnectionToken(%s) = %x, %v; want %x", id, token, err, want)
		}
	}
	if _, err := s.ConnectionToken(ctx, "c-none"); cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Errorf("ConnectionToken of an unknown id: %v, want ENOTFOUND", err)
	}
	if all, err := s.Connections(ctx); err != nil || len(all) != 2 || all[0].APIToken || !all[1].APIToken {
		t.Errorf("Connections: %+v, %v; want the shop without an API token, the help desk with", all, err)
	}
	if !shop.CreatedAt.Equal(on(2, 9, 0)) {
		t.Errorf("CreatedAt = %v, want whole seconds %v", shop.CreatedAt, on(2, 9, 0))
	}
	got, secret, err := s.Connection(ctx, "c-Shop_1")
	if err != nil || !reflect.DeepEqual(*got, shop) || !bytes.Equal(secret, sealed) {
		t.Errorf("Connection = %+v, %x, %v; want %+v, %x", got, secret, err, shop, sealed)
	}
	wantCode(t, "CreateConnection with an id in use", s.CreateConnection(ctx, &cx.Connection{ID: "c-desk", Source: "x",
		Name: "x", Kinds: []cx.Kind{cx.KindTickets}, Actor: "x"}, sealed, nil), cx.ECONFLICT)
	wantCode(t, "CreateConnection without kinds", s.CreateConnection(ctx, &cx.Connection{ID: "y", Source: "x",
		Name: "x", Actor: "x"}, sealed, nil), cx.EINVALID)
	wantCode(t, "CreateConnection without a secret", s.CreateConnection(ctx, &cx.Connection{ID: "y", Source: "x",
		Name: "x", Kinds: []cx.Kind{cx.KindTickets}, Actor: "x"}, nil, nil), cx.EINVALID)
	wantCode(t, "Connection of an unknown id", func() error { _, _, err := s.Connection(ctx, "c-shop_1"); return err }(), cx.ENOTFOUND)

	// Deliveries: two accepted (one without an id), one refused; a delivery id is remembered
	// until a later delivery forgets what came before its forget time.
	if err := s.Delivered(ctx, "c-desk", "d-1", on(4, 10, 0), on(1, 0, 0)); err != nil {
		t.Fatal(err)
	}
	if err := s.Delivered(ctx, "c-desk", "", on(4, 10, 5), on(1, 0, 0)); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("é", 400) // 800 bytes: kept to 500 bytes of whole characters
	if err := s.DeliveryFailed(ctx, "c-desk", on(4, 11, 0), long, nil); err != nil {
		t.Fatal(err)
	}
	seen := func(conn, delivery string) bool {
		t.Helper()
		ok, err := s.DeliverySeen(ctx, conn, delivery)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !seen("c-desk", "d-1") || seen("c-Shop_1", "d-1") || seen("c-desk", "d-2") {
		t.Error("DeliverySeen: want d-1 seen on c-desk only")
	}
	got, _, _ = s.Connection(ctx, "c-desk")
	wantErr := strings.Repeat("é", 250) + "…"
	if got.Deliveries != 2 || !got.LastDelivery.Equal(on(4, 10, 5)) || got.Errors != 1 || got.LastError != wantErr ||
		!got.LastErrorAt.Equal(on(4, 11, 0)) {
		t.Errorf("after 2 deliveries and 1 error: %d at %v, %d errors, %q at %v", got.Deliveries, got.LastDelivery,
			got.Errors, got.LastError, got.LastErrorAt)
	}
	// The same id again is counted but remembered once, at its first time: a week after that
	// first time it is forgotten.
	if err := s.Delivered(ctx, "c-desk", "d-1", on(10, 10, 0), on(3, 10, 0)); err != nil {
		t.Fatal(err)
	}
	if !seen("c-desk", "d-1") {
		t.Error("d-1 forgotten before a week had passed")
	}
	if err := s.Delivered(ctx, "c-Shop_1", "d-2", on(11, 10, 1), on(4, 10, 1)); err != nil {
		t.Fatal(err)
	}
	if seen("c-desk", "d-1") || !seen("c-Shop_1", "d-2") {
		t.Error("a week after d-1 came first, a delivery on another connection should have forgotten it, and kept d-2")
	}
	wantCode(t, "Delivered on an unknown connection", s.Delivered(ctx, "nope", "d", on(4, 0, 0), on(1, 0, 0)), cx.ENOTFOUND)
	wantCode(t, "DeliveryFailed on an unknown connection", s.DeliveryFailed(ctx, "nope", on(4, 0, 0), "x", nil), cx.ENOTFOUND)

	// A refusal's words are kept with its English, a caller's values as they came ("@" and
	// markup included), and a later failure without words leaves none of them.
	words := []cx.AuditPhrase{cx.Phrase("hook_other_event", "Helpdesk", "TICKET_CLOSED", "@<b>x</b>")}
	if err := s.DeliveryFailed(ctx, "c-desk", on(4, 12, 0), "403: connection …", words); err != nil {
		t.Fatal(err)
	}
	got, _, _ = s.Connection(ctx, "c-desk")
	if got.LastError != "403: connection …" || !reflect.DeepEqual(got.LastErrorWords, words) {
		t.Errorf("after a refusal with words: %q, %#v; want its English and %#v", got.LastError, got.LastErrorWords, words)
	}
	if err := s.DeliveryFailed(ctx, "c-desk", on(4, 12, 1), "database gone", nil); err != nil {
		t.Fatal(err)
	}
	if got, _, _ = s.Connection(ctx, "c-desk"); got.LastError != "database gone" || got.LastErrorWords != nil {
		t.Errorf("after a failure without words: %q, %#v; want its text and no words", got.LastError, got.LastErrorWords)
	}

	all, err := s.Connections(ctx)
	if err != nil || len(all) != 2 || all[0].ID != "c-Shop_1" || all[1].ID != "c-desk" || all[1].Deliveries != 3 {
		t.Errorf("Connections = %+v, %v; want c-Shop_1, then c-desk with 3 deliveries", all, err)
	}
	deliverInTx(t, s)
	bindEvent(t, s)
	if err := s.DeleteConnection(ctx, "c-Shop_1"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "DeleteConnection a second time", s.DeleteConnection(ctx, "c-Shop_1"), cx.ENOTFOUND)
	if seen("c-Shop_1", "d-2") {
		t.Error("a deleted connection's delivery ids are kept")
	}

	// SettingOnce keeps the first value stored.
	for i, v := range []string{"first", "second"} {
		if got, err := s.SettingOnce(ctx, "secret.test", v); err != nil || got != "first" {
			t.Errorf("SettingOnce #%d = %q, %v; want first", i+1, got, err)
		}
	}
}

// deliverInTx runs store.DeliveryTx on s's connection c-desk (3 deliveries so far): counted and
// remembered when the transaction commits, neither when it is rolled back; an id remembered is a
// repeat, counted again; an unknown connection is cx.ENOTFOUND.
func deliverInTx(t *testing.T, s store.Connections) {
	ctx := context.Background()
	records, ok := s.(interface {
		Begin(context.Context) (store.Tx, error)
	})
	if !ok {
		t.Fatal("the store writes no records")
	}
	deliver := func(conn, delivery string, commit bool) (bool, error) {
		t.Helper()
		tx, err := records.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		dtx, ok := tx.(store.DeliveryTx)
		if !ok {
			t.Fatal("the store's transactions count no deliveries")
		}
		repeat, err := dtx.Deliver(conn, delivery, on(12, 9, 0), time.Time{})
		if err == nil && commit {
			_, err = tx.Commit()
		}
		return repeat, err
	}
	for _, st := range []struct {
		name, conn, delivery string
		commit, repeat, seen bool
		deliveries           int64
	}{
		{"rolled back", "c-desk", "d-3", false, false, false, 3},
		{"committed", "c-desk", "d-3", true, false, true, 4},
		{"the same id again", "c-desk", "d-3", true, true, true, 5},
		{"no id", "c-desk", "", true, false, false, 6},
	} {
		repeat, err := deliver(st.conn, st.delivery, st.commit)
		seen, serr := s.DeliverySeen(ctx, st.conn, st.delivery)
		c, _, cerr := s.Connection(ctx, st.conn)
		if err != nil || serr != nil || cerr != nil || repeat != st.repeat || seen != st.seen || c.Deliveries != st.deliveries {
			t.Errorf("Deliver %s: repeat %t (%v), seen %t (%v), %d deliveries (%v); want %t, %t, %d", st.name, repeat, err,
				seen, serr, c.Deliveries, cerr, st.repeat, st.seen, st.deliveries)
		}
	}
	_, err := deliver("nope", "d", true)
	wantCode(t, "Deliver on an unknown connection", err, cx.ENOTFOUND)
}

// bindEvent: a connection has no event until one is bound; the first bound stays, and binding
// another returns it; the event is read with the connection. Needs c-desk, c-Shop_1 unbound.
func bindEvent(t *testing.T, s store.Connections) {
	ctx := context.Background()
	for _, bind := range []struct{ event, want string }{
		{"TICKET_CLOSED", "TICKET_CLOSED"},
		{"TICKET_MARKED_AS_SPAM", "TICKET_CLOSED"},
		{"TICKET_CLOSED", "TICKET_CLOSED"},
	} {
		if got, err := s.BindEvent(ctx, "c-desk", bind.event); err != nil || got != bind.want {
			t.Errorf("BindEvent(c-desk, %s) = %q, %v; want %q", bind.event, got, err, bind.want)
		}
	}
	desk, _, err := s.Connection(ctx, "c-desk")
	if err != nil || desk.Event != "TICKET_CLOSED" {
		t.Errorf("Connection(c-desk).Event = %q, %v; want TICKET_CLOSED", desk.Event, err)
	}
	if all, err := s.Connections(ctx); err != nil || len(all) != 2 || all[0].Event != "" || all[1].Event != "TICKET_CLOSED" {
		t.Errorf("Connections: %+v, %v; want the shop without an event, the help desk with TICKET_CLOSED", all, err)
	}
	_, err = s.BindEvent(ctx, "nope", "TICKET_CLOSED")
	wantCode(t, "BindEvent on an unknown connection", err, cx.ENOTFOUND)
	_, err = s.BindEvent(ctx, "c-Shop_1", "")
	wantCode(t, "BindEvent without an event", err, cx.EINVALID)
}
