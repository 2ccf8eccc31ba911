package web

import (
	"regexp"
	"strings"
	"testing"
)

// TestFilterOnAValueNotInTheDataSaysSo: a view filtered by a value the data does not hold (a
// team renamed since the link was shared, a value typed in the address) says so above the
// figures, naming the filter and the value in the page's language, and its box shows that
// value chosen — the box showed "Alle" over figures that all said "Niet gemeten". A value the
// data holds, written in other case, is no such value.
func TestFilterOnAValueNotInTheDataSaysSo(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	chosen := func(page, dim string) string {
		box := regexp.MustCompile(`(?s)<select name="` + dim + `"[^>]*>(.*?)</select>`).FindStringSubmatch(page)
		if box == nil {
			return "(no box)"
		}
		m := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(box[1])
		if m == nil {
			return ""
		}
		return m[1]
	}
	for _, c := range []struct {
		name, path, dim, value, said string
	}{
		{"a team no longer there, overview", "/?period=month&lang=nl&team=Retouren", "team", "Retouren",
			`Team &#34;Retouren&#34; komt in de gegevens niet (meer) voor`},
		{"a channel on the service page, in English", "/service?period=month&lang=en&channel=fax", "channel", "fax",
			`Channel &#34;fax&#34; does not occur in the data`},
		{"an agent, escaped", "/team?period=month&lang=nl&agent=%3Cb%3EX", "agent", "&lt;b&gt;X",
			`Medewerker &#34;&lt;b&gt;X&#34; komt in de gegevens niet (meer) voor`},
		{"a team as the data writes it in other case", "/?period=month&lang=nl&team=support", "team", "Support", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := admin.get(c.path)
			if res.status != 200 {
				t.Fatalf("%d %s", res.status, res.body)
			}
			alert := regexp.MustCompile(`<p class="error" role="alert"[^>]*>([^<]*)</p>`).FindStringSubmatch(res.body)
			switch {
			case c.said == "" && alert != nil:
				t.Errorf("says %q", alert[1])
			case c.said != "" && (alert == nil || !strings.Contains(alert[1], c.said)):
				t.Errorf("says %v, want %q", alert, c.said)
			}
			if got := chosen(res.body, c.dim); got != c.value {
				t.Errorf("box %s shows %q chosen, want %q", c.dim, got, c.value)
			}
		})
	}
}
