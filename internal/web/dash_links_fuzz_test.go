package web

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReadListRequest: any query of the customer list reads as a known sort, a direction that
// agrees with it and a page in bounds, or as a problem with its words — never a panic.
func FuzzReadListRequest(f *testing.F) {
	for _, s := range []string{"", "q=anna&sort=name&dir=asc&page=2", "sort=nps", "sort=seq", "page=-1", "page=99999999999999999999",
		"q=%00", "q=%ff", "dir=sideways", "sort=revenue&sort=name", "q=" + strings.Repeat("a", 201)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		req, problem, _ := readListRequest(q)
		if problem != "" {
			if _, ok := words["nl"][problem]; !ok {
				t.Fatalf("%q: problem %q has no words", raw, problem)
			}
			return
		}
		known := false
		for _, c := range customerSorts {
			known = known || c.Key == req.Sort
		}
		if !known || req.Dir != direction(req.Desc) || req.Page < 1 || req.Page > maxPageNumber ||
			!utf8.ValidString(req.Search) || strings.ContainsRune(req.Search, 0) {
			t.Fatalf("%q read as %+v", raw, req)
		}
	})
}

// FuzzLocalPath: a way back is kept only as a clean path on this server, and with a page
// named only as that page or below it.
func FuzzLocalPath(f *testing.F) {
	for _, s := range []string{"/feedback?kind=all", "//evil.example", "/\\evil.example", "javascript:alert(1)", "https://x.y/",
		"", "/", "/%2F%2Fevil", "\\\\evil", " /x", "/x#y", "/\t/evil.example", "/\n/evil", "/feedback/../\\evil.example",
		"/feedback/%2e%2e/x", "/feedbackx", "/feedback/", "/%2F", "/x//"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, under := range [][]string{nil, {"/feedback"}} {
			got := localPath(s, under...)
			if got == "" {
				continue
			}
			u, err := url.Parse(got)
			if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") ||
				strings.ContainsAny(got, "\\\t\n\r") || got != s || strings.Contains(u.Path, "//") ||
				slices.Contains(strings.Split(u.Path, "/"), "..") ||
				under != nil && u.Path != "/feedback" && !strings.HasPrefix(u.Path, "/feedback/") {
				t.Fatalf("%q kept as %q under %q", s, got, under)
			}
		}
	})
}

// FuzzSiteOrigin: what a widget site's form saves is an origin as a browser sends it — http or
// https, a host, no user, path, query or fragment — and saving it again keeps it as it is (so
// a saved origin compares byte for byte with the browser's Origin header); nothing is saved
// empty.
func FuzzSiteOrigin(f *testing.F) {
	for _, s := range []string{"https://www.winkel.nl", "https://Www.Shop.nl:443", "http://shop.nl:8080/", "https://www.winkel.nl/enquete",
		"https://bücher.de", "https://shop_test.winkel.nl", "http://[2001:db8:0:0::1]", "http://[::ffff:192.0.2.1]", "http://[fe80::1%25eth0]",
		"ftp://x.nl", "https://user@x.nl", "https://x.nl?q", "https://x.nl#f", "https://x.nl:0", "https://x.nl:99999", "", "https://", "javascript:alert(1)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := siteOrigin(s)
		if err != nil {
			return
		}
		u, perr := url.Parse(got)
		if got == "" || perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
			u.Path != "" || u.RawQuery != "" || u.Fragment != "" || got != strings.ToLower(got) {
			t.Fatalf("%q saved as %q", s, got)
		}
		if again, err := siteOrigin(got); err != nil || again != got {
			t.Fatalf("%q saved as %q, and that again as %q (%v)", s, got, again, err)
		}
	})
}
