package sqldb

import (
	"context"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

var _ store.Mappings = (*Store)(nil)

const mappingColumns = "name, text, saved, user_id, actor"

// SaveMapping stores a mapping under its name, replacing one of that name; m.Saved, now when
// zero, is kept in whole seconds.
func (s *Store) SaveMapping(ctx context.Context, m *cx.SavedMapping) error {
	if m.Name == "" || m.Text == "" || m.Actor == "" {
		return cx.Errorf(cx.EINVALID, "store: a saved mapping needs a name, a text and an actor")
	}
	saved := stamp(m.Saved)
	_, err := s.exec(ctx, `INSERT INTO mappings (name, text, saved, user_id, actor) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (name) DO UPDATE SET text = excluded.text, saved = excluded.saved, user_id = excluded.user_id,
		actor = excluded.actor`, m.Name, m.Text, saved.Unix(), bindID(m.UserID), m.Actor)
	if err := s.failed(err, "save mapping "+m.Name, ""); err != nil {
		return err
	}
	m.Saved = saved
	return nil
}

// Mapping reads one saved mapping.
func (s *Store) Mapping(ctx context.Context, name string) (*cx.SavedMapping, error) {
	return one(ctx, s, "mapping "+name, scanMapping, "SELECT "+mappingColumns+" FROM mappings WHERE name = $1", name)
}

// Mappings reads every saved mapping, by name.
func (s *Store) Mappings(ctx context.Context) ([]cx.SavedMapping, error) {
	return list(ctx, s, "the saved mappings", scanMapping, "SELECT "+mappingColumns+" FROM mappings ORDER BY name")
}

// DeleteMapping removes a saved mapping.
func (s *Store) DeleteMapping(ctx context.Context, name string) error {
	n, err := s.exec(ctx, "DELETE FROM mappings WHERE name = $1", name)
	return changed(n, err, "delete", "mapping "+name)
}

func scanMapping(r *row) cx.SavedMapping {
	return cx.SavedMapping{Name: r.Text(), Text: r.Text(), Saved: r.instant(), UserID: r.Integer(), Actor: r.Text()}
}
