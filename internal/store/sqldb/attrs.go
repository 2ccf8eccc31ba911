package sqldb

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

var _ store.AttrKeys = (*Store)(nil)

// KeysWithAttr finds records by an attribute: Shopify's orders/delete names an order by the
// number id klantpuls keeps as the attribute shopify_id, while it keys the order by its name.
// Attributes are JSON text with sorted keys (bindAttrs), the same on both databases, so the
// member "name":"value" is looked for as text (no JSON functions, which the two write
// differently) and each row found is checked decoded. It reads the whole table: such a look-up
// is rare (a deletion), and an index of every attribute would cost every write.
func (s *Store) KeysWithAttr(ctx context.Context, kind cx.Kind, name, value string) ([]string, error) {
	t, err := TableFor(kind)
	if err != nil {
		return nil, err
	}
	member, _ := json.Marshal(map[string]string{name: value}) // {"name":"value"}, escaped as bindAttrs escapes
	pattern := "%" + likeEscaper.Replace(string(member[1:len(member)-1])) + "%"
	type found struct {
		key   string
		attrs cx.Attrs
	}
	rows, err := list(ctx, s, string(kind)+" by attribute "+name, func(r *row) found { return found{r.Text(), attrs(r)} },
		"SELECT id, attrs FROM "+string(t.Kind)+" WHERE attrs LIKE $1 ESCAPE '!' ORDER BY id", pattern)
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, f := range rows {
		if v, ok := f.attrs[name]; ok && v == value { // LIKE is case-blind on SQLite
			keys = append(keys, f.key)
		}
	}
	return keys, nil
}

// likeEscaper escapes LIKE's wildcards with ESCAPE '!'.
var likeEscaper = strings.NewReplacer("!", "!!", "%", "!%", "_", "!_")
