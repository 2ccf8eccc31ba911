package web

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/engine"
)

func TestBreachOrderOf(t *testing.T) {
	tests := []struct {
		query   string
		want    breachOrder
		wantErr string // the parameter named, "" when it reads
	}{
		{"", breachOrder{Sort: "late", Desc: true, Page: 1}, ""},
		{"sort=created&dir=asc&page=3", breachOrder{Sort: "created", Page: 3}, ""},
		{"sort=late&dir=desc", breachOrder{Sort: "late", Desc: true, Page: 1}, ""},
		{"sort=Late", breachOrder{}, "sort"},
		{"dir=up", breachOrder{}, "dir"},
		{"page=0", breachOrder{}, "page"},
		{"page=-1", breachOrder{}, "page"},
		{"page=two", breachOrder{}, "page"},
		{"page=99999999999999999999", breachOrder{}, "page"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, _ := url.ParseQuery(tt.query)
			got, err := breachOrderOf(q)
			if tt.wantErr != "" {
				if err == nil || err.Param != tt.wantErr {
					t.Errorf("error %v, want one naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

// TestBreachOrderArrange: 120 breaches are three pages of 50, 50 and 20; a page past the last
// shows the last; ties in lateness go by creation.
func TestBreachOrderArrange(t *testing.T) {
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	list := func() []engine.Breach {
		var l []engine.Breach
		for i := range 120 {
			// Late 0, 60, …, 59·60 s, each twice: tickets i and i+60 are equally late.
			l = append(l, engine.Breach{Ticket: fmt.Sprintf("T%03d", i), Late: int64(i%60) * 60, Created: base.Add(time.Duration(i) * time.Hour)})
		}
		return l
	}
	rows, pages, page := breachOrder{Sort: "late", Desc: true, Page: 1}.arrange(list())
	if pages != 3 || page != 1 || len(rows) != 50 {
		t.Fatalf("page 1: %d rows, page %d of %d", len(rows), page, pages)
	}
	// The latest, 59 minutes: T119 (created later) before T059.
	if rows[0].Ticket != "T119" || rows[1].Ticket != "T059" || rows[2].Ticket != "T118" {
		t.Errorf("first rows %s %s %s, want T119 T059 T118", rows[0].Ticket, rows[1].Ticket, rows[2].Ticket)
	}
	rows, _, page = breachOrder{Sort: "late", Desc: true, Page: 9}.arrange(list())
	if page != 3 || len(rows) != 20 || rows[19].Ticket != "T000" {
		t.Errorf("past the last page: page %d, %d rows", page, len(rows))
	}
	rows, _, _ = breachOrder{Sort: "created", Page: 2}.arrange(list())
	if rows[0].Ticket != "T050" {
		t.Errorf("oldest first, page 2 starts with %s, want T050", rows[0].Ticket)
	}
	if rows, pages, page := (breachOrder{Sort: "late", Page: 1}).arrange(nil); len(rows) != 0 || pages != 1 || page != 1 {
		t.Errorf("no breaches: %d rows, page %d of %d", len(rows), page, pages)
	}
}

// FuzzBreachOrderOf: any query either reads as an order the list can use or is refused naming
// one of its parameters; the order never cuts outside the list.
func FuzzBreachOrderOf(f *testing.F) {
	for _, s := range []string{"", "sort=created&dir=asc&page=2", "page=1000000", "sort=%00", "page=1e9", "dir=asc&dir=desc"} {
		f.Add(s)
	}
	list := make([]engine.Breach, 75)
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		o, bad := breachOrderOf(q)
		if bad != nil {
			if bad.Param != "sort" && bad.Param != "dir" && bad.Param != "page" {
				t.Fatalf("%q: error %v does not name a parameter", raw, bad)
			}
			return
		}
		if (o.Sort != "late" && o.Sort != "created") || o.Page < 1 {
			t.Fatalf("%q read as %+v", raw, o)
		}
		rows, pages, page := o.arrange(list)
		if page < 1 || page > pages || len(rows) > breachesPerPage {
			t.Fatalf("%q: page %d of %d with %d rows", raw, page, pages, len(rows))
		}
	})
}

// TestBreachListLinks: the count in Dutch figures, and the pager and sort links keep the order
// and the view's filters.
func TestBreachListLinks(t *testing.T) {
	d := &dashPage{page: &page{Lang: "nl"}, View: view{Period: "month", Lang: "nl", Filter: map[engine.Dim]string{engine.ByTeam: "Support"}}}
	list := make([]engine.Breach, 1234)
	for i := range list {
		list[i] = engine.Breach{Ticket: fmt.Sprintf("T%04d", i), Created: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), Late: int64(i)}
	}
	bl := breaches(list, breachOrder{Sort: "created", Page: 2}, d)
	if bl.Count != "1.234 overschrijdingen" || bl.PageOf != "pagina 2 van 25" || len(bl.Rows) != 50 {
		t.Errorf("count %q, %q, %d rows", bl.Count, bl.PageOf, len(bl.Rows))
	}
	for name, link := range map[string]string{"previous": bl.Prev, "next": bl.Next} {
		u, err := url.Parse(link)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		if u.Path != "/backlog" || q.Get("sort") != "created" || q.Get("dir") != "asc" || q.Get("team") != "Support" || u.Fragment != "h-breaches" {
			t.Errorf("%s link %s", name, link)
		}
	}
	if !strings.Contains(bl.Prev, "page=1") || !strings.Contains(bl.Next, "page=3") {
		t.Errorf("pager links %s, %s", bl.Prev, bl.Next)
	}
	// Sorted by creation, ascending: its header turns it to descending, from page 1; lateness
	// starts descending.
	late, created := bl.Sorts[0], bl.Sorts[1]
	if created.Aria != "ascending" || !strings.Contains(created.Href, "dir=desc") || strings.Contains(created.Href, "page=") ||
		late.Aria != "none" || !strings.Contains(late.Href, "sort=late") || !strings.Contains(late.Href, "dir=desc") {
		t.Errorf("sort links %+v", bl.Sorts)
	}
	if one := breaches(list[:1], breachOrder{Sort: "late", Desc: true, Page: 1}, d); one.Count != "1 overschrijding" || one.Prev != "" || one.Next != "" {
		t.Errorf("one breach: %q, pager %q %q", one.Count, one.Prev, one.Next)
	}
}

// TestFirstInOrder: the bounded heap gives the head of the sorted list, for every k, on lists
// with many equal keys (ties broken by the second field, so the order is total).
func TestFirstInOrder(t *testing.T) {
	type pair struct{ key, id int }
	order := func(a, b pair) int { return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.id, b.id)) }
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 7, 100, 1000} {
		list := make([]pair, n)
		for i := range list {
			list[i] = pair{rnd.IntN(10), i}
		}
		want := slices.Clone(list)
		slices.SortFunc(want, order)
		for _, k := range []int{0, 1, 2, 50, n / 5, n / 4, n} {
			if k > n {
				continue
			}
			got := firstInOrder(slices.Clone(list), k, order)
			if !slices.Equal(got, want[:k]) {
				t.Errorf("n %d, k %d: %v, want %v", n, k, got, want[:k])
			}
		}
	}
}
