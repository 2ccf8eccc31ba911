package sqlite

import "github.com/klantpuls/klantpuls/internal/cx"

var mentions = newTable(cx.KindMentions, []string{
	"id", "source", "at", "text", "author", "url", "replied_at", "attrs",
}, bindMention, scanMention)

func bindMention(rec cx.Record, dst []any) ([]any, error) {
	m, ok := rec.(*cx.Mention)
	if !ok || m == nil {
		return dst, wrongType("mention", rec)
	}
	attrs, err := attrsJSON(m.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, m.ID, m.Source, instant(m.At), m.Text, text(m.Author), text(m.URL),
		instant(m.RepliedAt), attrs), nil
}

func scanMention(r *row) cx.Record {
	return &cx.Mention{
		ID:        r.text(),
		Source:    r.text(),
		At:        r.instant(),
		Text:      r.text(),
		Author:    r.text(),
		URL:       r.text(),
		RepliedAt: r.instant(),
		Attrs:     r.attrs(),
	}
}
