package web

import (
	"context"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestFeedbackOlderOnlyWhenThereIsMore: the stream shows 50 comments a page and offers the
// older ones only when there are: 50 comments are one page; a 51st is on the second. With
// exactly 50 the page linked to a second page that said there was no data.
func TestFeedbackOlderOnlyWhenThereIsMore(t *testing.T) {
	ts := startServer(t)
	var recs []cx.Record
	for i := range 51 {
		recs = append(recs, &cx.Response{ID: fmt.Sprintf("R%02d", i), Survey: cx.SurveyNPS, Score: 3, Comment: fmt.Sprintf("Opmerking %02d", i),
			SubmittedAt: time.Date(2026, 3, 1, 8, 10*i, 0, 0, time.UTC)})
	}
	admin := ts.login("admin@example.com")
	const march = "/feedback?period=custom&from=2026-03-01&to=2026-04-01"
	older := regexp.MustCompile(`<a href="([^"]*)">Oudere feedback</a>`)
	items := func(page string) int { return strings.Count(page, `<li class="item`) }
	if _, err := ts.app.Ingest(context.Background(), recs[:50]); err != nil {
		t.Fatal(err)
	}
	if page := admin.get(march).body; items(page) != 50 || older.MatchString(page) {
		t.Errorf("50 comments: %d shown, a link to older ones %v; want 50 and none", items(page), older.MatchString(page))
	}
	if _, err := ts.app.Ingest(context.Background(), recs[50:]); err != nil {
		t.Fatal(err)
	}
	page := admin.get(march).body
	link := older.FindStringSubmatch(page)
	if items(page) != 50 || link == nil {
		t.Fatalf("51 comments: %d shown, link %v; want 50 and a link to the older one", items(page), link)
	}
	second := admin.get(html.UnescapeString(link[1])).body
	if items(second) != 1 || !strings.Contains(second, "Opmerking 00") || older.MatchString(second) {
		t.Errorf("the second page: %d shown, want Opmerking 00 alone and no older page", items(second))
	}
}
