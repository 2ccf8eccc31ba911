package app

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestABounceHoldsAnUnsubscribedAddress: an address that unsubscribed from surveys gets
// digests and alerts still, and when one of those bounced, the bounce was not kept — the one
// row per address (unsubscribes) stayed an unsubscribe — so the address was mailed again and
// again, each mail refused; and an unsubscribe after a bounce turned the bounce's row into an
// unsubscribe, lifting the bounce's hold. Now a bounce holds the address back from every mail
// whatever its unsubscribe, before or after, the unsubscribe kept: clearing the bounce lets
// digests and alerts go again, never surveys. On both databases.
func TestABounceHoldsAnUnsubscribedAddress(t *testing.T) {
	bothDatabases(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a := openEraseAt(t, dsn)
		day := func(d int) time.Time { return time.Date(2026, 3, d, 9, 0, 0, 0, time.UTC) }
		steps := []struct {
			do    func(context.Context, string, time.Time) error
			email string
			at    time.Time
		}{
			{a.Unsubscribe, "Anouk <Anouk@Shop.nl>", day(2)}, {a.Bounce, "anouk@shop.nl", day(5)},
			{a.Bounce, "bram@shop.nl", day(3)}, {a.Unsubscribe, "BRAM@shop.nl", day(4)},
		}
		for _, st := range steps {
			if err := st.do(ctx, st.email, st.at); err != nil {
				t.Fatal(err)
			}
		}
		for _, email := range []string{"anouk@shop.nl", "bram@shop.nl"} {
			if held, err := a.Bounced(ctx, email); err != nil || !held {
				t.Errorf("Bounced(%s), unsubscribed and bounced = %v, %v; want true: no digest or alert goes to it", email, held, err)
			}
			if off, err := a.Unsubscribed(ctx, email); err != nil || !off {
				t.Errorf("Unsubscribed(%s) = %v, %v; want true: the bounce keeps the unsubscribe", email, off, err)
			}
		}
		want := []cx.Bounce{{Address: "anouk@shop.nl", Since: day(5)}, {Address: "bram@shop.nl", Since: day(3)}}
		if got, err := a.Bounces(ctx); err != nil || !slices.Equal(got, want) {
			t.Errorf("Bounces = %v, %v; want %v (each since its refusal)", got, err, want)
		}
		if cleared, err := a.ClearBounce(ctx, "anouk@shop.nl"); err != nil || !cleared {
			t.Errorf("ClearBounce(anouk@shop.nl) = %v, %v; want true", cleared, err)
		}
		if held, err := a.Bounced(ctx, "anouk@shop.nl"); err != nil || held {
			t.Errorf("Bounced(anouk@shop.nl) after the clearing = %v, %v; want false", held, err)
		}
		if got, err := a.HeldBack(ctx, "anouk@shop.nl"); err != nil || got != cx.InviteUnsubscribed {
			t.Errorf("HeldBack(anouk@shop.nl) after the clearing = %q, %v; want %q: no clearing lifts an unsubscribe", got, err, cx.InviteUnsubscribed)
		}
		want = want[1:]
		if got, err := a.Bounces(ctx); err != nil || !slices.Equal(got, want) {
			t.Errorf("Bounces after the clearing = %v, %v; want %v", got, err, want)
		}
	})
}

// TestClearBounceFindsWhatBouncedFinds: an erased customer's bounce kept, before addresses were
// compared bare, under the keyed hash of the address as written (unsubscribedAsBefore) holds
// that address back (Bounced), and Weer mailen with the address clears it — ClearBounce asked
// only the newer hash, so the hold stayed and the page said the address was not held. Then a
// hold under both hashes (erased by an older release, bounced again, erased again) is cleared
// by one press: clearing stopped at the first it found, and Bounced found the other. On both
// databases.
func TestClearBounceFindsWhatBouncedFinds(t *testing.T) {
	bothDatabases(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a := openEraseAt(t, dsn)
		key, err := a.installKey(ctx, eraseKeySetting, &a.eraseKey)
		if err != nil {
			t.Fatal(err)
		}
		const written = "Wilhelmina <W.Zwanenburg@Example.nl>"
		before := unsubscribedAsBefore(key, written)
		if before == unsubscribedAs(key, written) {
			t.Fatalf("%s: the older hash is the newer one; the test needs an address as written that is not bare", written)
		}
		if err := a.Bounce(ctx, before, time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		if held, err := a.Bounced(ctx, written); err != nil || !held {
			t.Fatalf("Bounced(%s), kept under the older hash = %v, %v; want true", written, held, err)
		}
		if cleared, err := a.ClearBounce(ctx, written); err != nil || !cleared {
			t.Errorf("ClearBounce(%s) = %v, %v; want true", written, cleared, err)
		}
		if held, err := a.Bounced(ctx, written); err != nil || held {
			t.Errorf("Bounced(%s) after the clearing = %v, %v; want false", written, held, err)
		}
		for _, k := range []string{unsubscribedAs(key, written), before} {
			if err := a.Bounce(ctx, k, time.Date(2026, 4, 5, 9, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
		}
		if cleared, err := a.ClearBounce(ctx, written); err != nil || !cleared {
			t.Errorf("ClearBounce(%s), held under both hashes = %v, %v; want true", written, cleared, err)
		}
		if held, err := a.Bounced(ctx, written); err != nil || held {
			t.Errorf("Bounced(%s) after one clearing of both = %v, %v; want false", written, held, err)
		}
	})
}
