package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Mappings runs the contract of store.Mappings; open returns a new, empty store.
func Mappings(t *testing.T, open func(t *testing.T) store.Mappings) {
	s := open(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	winkel := cx.SavedMapping{Name: "winkel-orders", Text: "title = \"Winkel\"\n", Saved: at.Add(700 * time.Millisecond),
		UserID: 1, Actor: "anouk@shop.nl"}
	helpdesk := cx.SavedMapping{Name: "helpdesk", Text: "title = \"Helpdesk\"\n", Actor: "cli:beheer"}
	for _, m := range []*cx.SavedMapping{&winkel, &helpdesk} {
		if err := s.SaveMapping(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	if !winkel.Saved.Equal(at) || helpdesk.Saved.IsZero() {
		t.Errorf("Saved = %v and %v, want whole seconds %v and now", winkel.Saved, helpdesk.Saved, at)
	}
	got, err := s.Mapping(ctx, "winkel-orders")
	if err != nil || !reflect.DeepEqual(*got, winkel) {
		t.Errorf("Mapping = %+v, %v; want %+v", got, err, winkel)
	}
	// Saving under a name taken replaces that mapping, who saved it and when included.
	again := cx.SavedMapping{Name: "winkel-orders", Text: "title = \"Winkel 2\"\n", Saved: at.Add(time.Hour), UserID: 2, Actor: "bas@shop.nl"}
	if err := s.SaveMapping(ctx, &again); err != nil {
		t.Fatal(err)
	}
	all, err := s.Mappings(ctx)
	if err != nil || !reflect.DeepEqual(all, []cx.SavedMapping{helpdesk, again}) {
		t.Errorf("Mappings = %+v, %v; want helpdesk, then winkel-orders as saved again", all, err)
	}

	wantCode(t, "SaveMapping without a text", s.SaveMapping(ctx, &cx.SavedMapping{Name: "x", Actor: "x"}), cx.EINVALID)
	wantCode(t, "SaveMapping without a name", s.SaveMapping(ctx, &cx.SavedMapping{Text: "x", Actor: "x"}), cx.EINVALID)
	wantCode(t, "Mapping of an unknown name", func() error { _, err := s.Mapping(ctx, "zendesk"); return err }(), cx.ENOTFOUND)
	if err := s.DeleteMapping(ctx, "helpdesk"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "DeleteMapping a second time", s.DeleteMapping(ctx, "helpdesk"), cx.ENOTFOUND)
	wantCode(t, "Mapping after its deletion", func() error { _, err := s.Mapping(ctx, "helpdesk"); return err }(), cx.ENOTFOUND)
	if all, err := s.Mappings(ctx); err != nil || len(all) != 1 || all[0].Name != "winkel-orders" {
		t.Errorf("Mappings after a deletion = %+v, %v; want winkel-orders alone", all, err)
	}
}
