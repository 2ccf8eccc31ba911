package cx

import (
	"testing"
	"time"
)

func TestVersionedStale(t *testing.T) {
	march14 := time.Date(2026, 3, 14, 8, 0, 0, 0, time.UTC)
	order := func(version string) *Order {
		o := &Order{ID: "#1001", CustomerID: "anna@example.nl", OrderedAt: march14, Amount: 54.85}
		if version != "" {
			o.Attrs = Attrs{"shopify_id": "5839124410567", SourceVersion: version}
		}
		return o
	}
	cases := []struct {
		name   string
		at     time.Time
		stored Record
		want   bool
	}{
		{"a stored later change: stale", march14, order("2026-03-15T10:00:00Z"), true},
		{"a stored earlier change: not stale", march14, order("2026-03-13T10:00:00Z"), false},
		{"the same instant: not stale", march14, order("2026-03-14T08:00:00Z"), false},
		// 09:00+01:00 is 08:00 UTC: the same instant, not a later one read as a string.
		{"the same instant in another offset: not stale", march14, order("2026-03-14T09:00:00+01:00"), false},
		{"a fraction of a second later: stale", march14, order("2026-03-14T08:00:00.25Z"), true},
		{"no version stored (an export's order): not stale", march14, order(""), false},
		{"no time stored: not stale", march14, order("gisteren"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := &Versioned{Record: order(c.at.Format(time.RFC3339)), At: c.at}
			if got := v.Stale(c.stored); got != c.want {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

// A supplement that is not stale completes the stored record and makes it as recent as itself,
// so that the next older delivery is still seen to be older.
func TestSupplementKeepsLaterVersion(t *testing.T) {
	acquired := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	customer := func(name, version string) *Customer {
		return &Customer{ID: "anna@example.nl", AcquiredAt: acquired, Name: name, Attrs: Attrs{"kvk": "1", SourceVersion: version}}
	}
	for _, c := range []struct {
		name, stored, add, want string
	}{
		{"a later supplement", "2026-03-14T08:00:00Z", "2026-03-15T10:00:00Z", "2026-03-15T10:00:00Z"},
		{"an earlier supplement", "2026-03-15T10:00:00Z", "2026-03-14T08:00:00Z", "2026-03-15T10:00:00Z"},
		{"a supplement without a version", "2026-03-15T10:00:00Z", "", "2026-03-15T10:00:00Z"},
		{"a stored record without a version", "", "2026-03-14T08:00:00Z", "2026-03-14T08:00:00Z"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := (&Supplement{Record: customer("A. de Vries", c.add)}).Complete(customer("Anna de Vries", c.stored)).(*Customer)
			if got.Attrs[SourceVersion] != c.want || got.Name != "Anna de Vries" || got.Attrs["kvk"] != "1" {
				t.Errorf("got %+v; want the stored name and attributes, version %s", *got, c.want)
			}
		})
	}
}

func TestPlain(t *testing.T) {
	order := &Order{ID: "#1001"}
	for _, rec := range []Record{order, &Supplement{Record: order}, &Versioned{Record: order}, &Versioned{Record: &Supplement{Record: order}}} {
		if got := Plain(rec); got != Record(order) {
			t.Errorf("Plain(%#v) = %#v, want the order", rec, got)
		}
	}
}
