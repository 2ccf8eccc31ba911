package sqlite

import (
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

var mentions = newTable(cx.KindMentions, []string{
	"id", "source", "at", "text", "author", "url", "replied_at", "attrs",
}, bindMention, scanMention)

func bindMention(rec cx.Record, dst []any) ([]any, error) {
	m, ok := rec.(*cx.Mention)
	if !ok || m == nil {
		return dst, store.WrongRecord("mention", rec)
	}
	attrs, err := store.BindAttrs(m.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, m.ID, m.Source, store.BindInstant(m.At), m.Text, store.BindText(m.Author), store.BindText(m.URL),
		store.BindInstant(m.RepliedAt), attrs), nil
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
