package web

import (
	"net/url"
	"strconv"
	"testing"
)

// TestReadListOrder: sort, dir and page read the same on every list; a value a list does not
// have is refused naming the parameter, never replaced by the default.
func TestReadListOrder(t *testing.T) {
	// A list sorted by name (a–z first) or by revenue (highest first, the default).
	sorts := []sortKey{{"name", "cl_name", false}, {"revenue", "cl_revenue", true}}
	tests := []struct {
		name, query string
		sorts       []sortKey // nil: the list checks the sort itself
		want        listOrder
		bad         string // the parameter named, "" when it reads
	}{
		{"nothing asked: the default sort, its own direction, page 1", "", sorts, listOrder{"revenue", true, 1}, ""},
		{"a sort without dir takes the column's direction", "sort=name", sorts, listOrder{"name", false, 1}, ""},
		{"dir turns it round", "sort=revenue&dir=asc&page=3", sorts, listOrder{"revenue", false, 3}, ""},
		{"dir alone turns the default round", "dir=asc", sorts, listOrder{"revenue", false, 1}, ""},
		{"the last page there can be", "page=1000000", sorts, listOrder{"revenue", true, 1_000_000}, ""},
		{"a sort the list lacks", "sort=colour", sorts, listOrder{}, "sort"},
		{"sort keys are case-sensitive", "sort=Name", sorts, listOrder{}, "sort"},
		{"a dir that is no direction", "dir=up", sorts, listOrder{}, "dir"},
		{"dir in capitals", "dir=DESC", sorts, listOrder{}, "dir"},
		{"page 0 (pages count from 1)", "page=0", sorts, listOrder{}, "page"},
		{"a negative page", "page=-1", sorts, listOrder{}, "page"},
		{"a page in words", "page=two", sorts, listOrder{}, "page"},
		{"a page past the bound", "page=1000001", sorts, listOrder{}, "page"},
		{"a page that overflows", "page=99999999999999999999", sorts, listOrder{}, "page"},
		{"a page in exponent notation", "page=1e3", sorts, listOrder{}, "page"},
		{"the drill-down: any sort, checked later", "sort=value&dir=desc&page=2", nil, listOrder{"value", true, 2}, ""},
		{"the drill-down: no sort is ascending", "", nil, listOrder{"", false, 1}, ""},
		{"the drill-down still refuses a bad dir", "dir=sideways", nil, listOrder{}, "dir"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got, bad := readListOrder(q, tt.sorts, "revenue")
			if tt.bad != "" {
				if bad == nil || bad.Param != tt.bad {
					t.Errorf("got %+v, %v; want an error naming %s", got, bad, tt.bad)
				}
				return
			}
			if bad != nil || got != tt.want {
				t.Errorf("got %+v, %v; want %+v", got, bad, tt.want)
			}
		})
	}
}

// TestPagerOf: the pager links to the neighbouring pages, none past either end, says where the
// list is in the page's figures, and leads a page past the last back to the last.
func TestPagerOf(t *testing.T) {
	link := func(n int) string { return "/x?page=" + strconv.Itoa(n) }
	tests := []struct {
		name, lang               string
		n, pages                 int
		wantPrev, wantNext, text string
	}{
		{"one page: no links", "nl", 1, 1, "", "", "pagina 1 van 1"},
		{"the first of three", "nl", 1, 3, "", "/x?page=2", "pagina 1 van 3"},
		{"the middle", "en", 2, 3, "/x?page=1", "/x?page=3", "page 2 of 3"},
		{"the last", "en", 3, 3, "/x?page=2", "", "page 3 of 3"},
		{"past the last leads back to it", "nl", 9, 3, "/x?page=3", "", "pagina 9 van 3"},
		{"Dutch thousands", "nl", 1000, 2500, "/x?page=999", "/x?page=1001", "pagina 1.000 van 2.500"},
		{"English thousands", "en", 1000, 2500, "/x?page=999", "/x?page=1001", "page 1,000 of 2,500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pagerOf(&page{Lang: tt.lang}, tt.n, tt.pages, link)
			if p.Prev != tt.wantPrev || p.Next != tt.wantNext || p.PageOf != tt.text {
				t.Errorf("got %q %q %q, want %q %q %q", p.Prev, p.Next, p.PageOf, tt.wantPrev, tt.wantNext, tt.text)
			}
			if p.PagerLabel == "" || p.PrevLabel == "" || p.NextLabel == "" {
				t.Errorf("words missing: %+v", p)
			}
		})
	}
}

// FuzzReadListOrder: any query reads as a known sort and a page in bounds, or is refused naming
// sort, dir or page.
func FuzzReadListOrder(f *testing.F) {
	for _, s := range []string{"", "sort=name&dir=asc&page=2", "sort=%00", "dir=asc&dir=desc", "page=1e9", "page=-0", "page=+1"} {
		f.Add(s)
	}
	sorts := []sortKey{{"name", "cl_name", false}, {"revenue", "cl_revenue", true}}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		o, bad := readListOrder(q, sorts, "revenue")
		if bad != nil {
			if bad.Param != "sort" && bad.Param != "dir" && bad.Param != "page" {
				t.Fatalf("%q: error %v names no parameter", raw, bad)
			}
			return
		}
		if (o.Sort != "name" && o.Sort != "revenue") || o.Page < 1 || o.Page > maxPageNumber {
			t.Fatalf("%q read as %+v", raw, o)
		}
	})
}
