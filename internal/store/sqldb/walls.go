package sqldb

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// CreateWallScreen stores w and sets w.ID. w.CreatedAt, now when zero, is kept in whole seconds.
func (s *Store) CreateWallScreen(ctx context.Context, w *cx.WallScreen) error {
	if len(w.Hash) == 0 {
		return cx.Errorf(cx.EINVALID, "store: unable to create wall screen %q without a secret", w.Name)
	}
	created := stamp(w.CreatedAt)
	id, _, err := s.insert(ctx, `INSERT INTO wall_screens (name, hash, pages, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5)`, w.Name, w.Hash, strings.Join(w.Pages, ","), w.CreatedBy, created.Unix())
	if err := s.failed(err, fmt.Sprintf("create wall screen %q", w.Name), "its secret is in use"); err != nil {
		return err
	}
	w.ID, w.CreatedAt = id, created
	return nil
}

const wallColumns = "SELECT id, name, hash, pages, created_by, created_at, last_used_at FROM wall_screens"

// WallScreenByHash returns the wall screen whose secret hashes to hash.
func (s *Store) WallScreenByHash(ctx context.Context, hash []byte) (*cx.WallScreen, error) {
	return one(ctx, s, "wall screen", scanWall, wallColumns+" WHERE hash = $1", hash)
}

// WallScreens returns every wall screen, oldest first.
func (s *Store) WallScreens(ctx context.Context) ([]cx.WallScreen, error) {
	return list(ctx, s, "wall screens", scanWall, wallColumns+" ORDER BY id")
}

func scanWall(r *row) cx.WallScreen {
	w := cx.WallScreen{ID: r.Integer(), Name: r.Text(), Hash: r.bytes()}
	if pages := r.Text(); pages != "" {
		w.Pages = strings.Split(pages, ",")
	}
	w.CreatedBy, w.CreatedAt, w.LastUsedAt = r.Integer(), r.instant(), r.instant()
	return w
}

// TouchWallScreen records that the wall screen with id was shown at at, as TouchToken records
// a token's use: the latest use is kept, and a caller that sees every request skips it while
// the stored use is recent.
func (s *Store) TouchWallScreen(ctx context.Context, id int64, at time.Time) error {
	return s.touch(ctx, "wall_screens", "wall screen", id, at)
}

// DeleteWallScreen revokes the wall screen with id: its link and the screens that used it stop.
func (s *Store) DeleteWallScreen(ctx context.Context, id int64) error {
	n, err := s.exec(ctx, "DELETE FROM wall_screens WHERE id = $1", id)
	return changed(n, err, "delete", "wall screen "+strconv.FormatInt(id, 10))
}
