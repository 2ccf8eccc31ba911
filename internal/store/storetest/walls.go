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
// hash, listed, and gone once deleted; a deleted screen's id is not handed out again.
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
