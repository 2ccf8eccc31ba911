package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// testWallScreens: a wall screen is stored with its hash and its pages in order, found by the
// hash, listed, its last use recorded, and gone once deleted; a deleted screen's id is not handed out again.
func testWallScreens(t *testing.T, s store.Accounts) {
	ctx := context.Background()
	day := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	support := &cx.WallScreen{Name: "Muur support", Hash: auth.HashSecret("wall-support"), Pages: []string{"team", "overview"}, CreatedBy: 1, CreatedAt: day}
	sales := &cx.WallScreen{Name: "Muur sales", Hash: auth.HashSecret("wall-sales"), Pages: []string{"why"}, CreatedBy: 1, CreatedAt: day}
	for _, w := range []*cx.WallScreen{support, sales} {
		if err := s.CreateWallScreen(ctx, w); err != nil {
			t.Fatal(err)
		}
	}
	if support.ID == 0 || sales.ID == support.ID {
		t.Fatalf("ids %d and %d, want two different ones", support.ID, sales.ID)
	}
	wantCode(t, "CreateWallScreen with a secret in use",
		s.CreateWallScreen(ctx, &cx.WallScreen{Name: "copy", Hash: auth.HashSecret("wall-sales"), Pages: []string{"why"}}), cx.ECONFLICT)
	wantCode(t, "CreateWallScreen without a secret", s.CreateWallScreen(ctx, &cx.WallScreen{Name: "empty"}), cx.EINVALID)

	got, err := s.WallScreenByHash(ctx, auth.HashSecret("wall-support"))
	if err != nil || !reflect.DeepEqual(got, support) {
		t.Errorf("WallScreenByHash = %+v, %v; want %+v", got, err, support)
	}
	_, err = s.WallScreenByHash(ctx, auth.HashSecret("wall-unknown"))
	wantCode(t, "WallScreenByHash of an unknown secret", err, cx.ENOTFOUND)
	walls, err := s.WallScreens(ctx)
	if want := []cx.WallScreen{*support, *sales}; err != nil || !reflect.DeepEqual(walls, want) {
		t.Errorf("WallScreens = %+v, %v; want %+v", walls, err, want)
	}

	// Its last use is kept as a token's (TouchToken): to the second, the latest of uses that
	// finish out of order, none before the first.
	if support.LastUsedAt != (time.Time{}) {
		t.Errorf("a new wall screen's last use %v, want none", support.LastUsedAt)
	}
	for _, tt := range []struct {
		name string
		id   int64
		at   time.Time
		want time.Time // support's stored last use after the touch
		code string
	}{
		{"first use", support.ID, day.Add(time.Hour), day.Add(time.Hour), ""},
		{"later use", support.ID, day.Add(2*time.Hour + 500*time.Millisecond), day.Add(2 * time.Hour), ""},
		{"earlier use finishing late", support.ID, day.Add(90 * time.Minute), day.Add(2 * time.Hour), ""},
		{"no time", support.ID, time.Time{}, day.Add(2 * time.Hour), cx.EINVALID},
		{"unknown wall screen", 999, day, day.Add(2 * time.Hour), cx.ENOTFOUND},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, "TouchWallScreen", s.TouchWallScreen(ctx, tt.id, tt.at), tt.code)
			got, err := s.WallScreenByHash(ctx, auth.HashSecret("wall-support"))
			if err != nil {
				t.Fatal(err)
			}
			if !got.LastUsedAt.Equal(tt.want) {
				t.Errorf("LastUsedAt = %v, want %v", got.LastUsedAt, tt.want)
			}
		})
	}
	if walls, _ := s.WallScreens(ctx); len(walls) != 2 || !walls[0].LastUsedAt.Equal(day.Add(2*time.Hour)) || !walls[1].LastUsedAt.IsZero() {
		t.Errorf("WallScreens = %+v; want support last used at %v, sales never", walls, day.Add(2*time.Hour))
	}

	if err := s.DeleteWallScreen(ctx, support.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "DeleteWallScreen twice", s.DeleteWallScreen(ctx, support.ID), cx.ENOTFOUND)
	_, err = s.WallScreenByHash(ctx, auth.HashSecret("wall-support"))
	wantCode(t, "WallScreenByHash of a revoked screen", err, cx.ENOTFOUND)
	// With the newest screen gone too, a table that reuses ids would hand out sales' id again.
	if err := s.DeleteWallScreen(ctx, sales.ID); err != nil {
		t.Fatal(err)
	}
	next := &cx.WallScreen{Name: "Muur support 2", Hash: auth.HashSecret("wall-support-2"), Pages: []string{"overview"}, CreatedBy: 1}
	if err := s.CreateWallScreen(ctx, next); err != nil {
		t.Fatal(err)
	}
	if next.ID <= sales.ID {
		t.Errorf("new wall screen id %d, want more than the deleted %d and the last %d", next.ID, support.ID, sales.ID)
	}
}
