package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// CreateWallScreen makes a wall screen that rotates through pages (cx.WallPages; none: all of
// them), made by the user with userID. The plain secret of its link is returned once; only its
// hash is stored.
func (a *App) CreateWallScreen(ctx context.Context, userID int64, name string, pages []string, now time.Time) (plain string, w *cx.WallScreen, err error) {
	name, chosen, err := wallChoice(name, pages)
	if err != nil {
		return "", nil, err
	}
	plain, hash := auth.NewSessionSecret()
	w = &cx.WallScreen{Name: name, Hash: hash, Pages: chosen, CreatedBy: userID, CreatedAt: now}
	if err := a.accounts.CreateWallScreen(ctx, w); err != nil {
		return "", nil, err
	}
	return plain, w, nil
}

// wallChoice checks a wall screen's name and pages as a form sends them: the name trimmed, the
// pages each once in the order given (none: all of them).
func wallChoice(name string, pages []string) (string, []string, error) {
	name = strings.TrimSpace(name)
	if !nameFits(name) {
		return "", nil, cx.Refuse(cx.EINVALID, "name", "wall_need_name", "give the wall screen a name of at most %d characters", maxName)
	}
	if len(pages) == 0 {
		pages = cx.WallPages
	}
	var chosen []string
	for _, p := range pages {
		if !slices.Contains(cx.WallPages, p) {
			return "", nil, cx.Refuse(cx.EINVALID, "pages", "wall_bad_page", "%q is not one of %s", p, strings.Join(cx.WallPages, ", "))
		}
		if !slices.Contains(chosen, p) {
			chosen = append(chosen, p)
		}
	}
	return name, chosen, nil
}

// WallScreenByHash reads the wall screen whose secret hashes to hash.
func (a *App) WallScreenByHash(ctx context.Context, hash []byte) (*cx.WallScreen, error) {
	return a.accounts.WallScreenByHash(ctx, hash)
}

// wallLinks is the account under which wrong wall screen links are counted by the sign-in limit
// (signInLimit): the wall screens together, as a wrong secret names none of them (it is their
// whole link). The capital W keeps it apart from every address tried at sign-in, which
// cx.NameKey writes in lower case, so no sign-in counts on it and it counts on no sign-in.
const wallLinks = "Wall screens"

// ClaimWallConnect counts an attempt to connect a screen with a wall screen's link, as
// ClaimSignIn counts one to sign in: five at once, then a hold growing to 15 minutes, kept in the
// store. While held it counts nothing and says until when; the right link waits too.
func (a *App) ClaimWallConnect(ctx context.Context, now time.Time) (held bool, until time.Time, err error) {
	return a.accounts.ClaimSignIn(ctx, wallLinks, now, signInLimit)
}

// WallConnectSucceeded ends the run of wrong wall screen links: the attempt claimed was right.
func (a *App) WallConnectSucceeded(ctx context.Context) error {
	return a.accounts.SignInSucceeded(ctx, wallLinks)
}

// WallScreens lists every wall screen.
func (a *App) WallScreens(ctx context.Context) ([]cx.WallScreen, error) {
	return a.accounts.WallScreens(ctx)
}

// TouchWallScreen records when a wall screen was last shown.
func (a *App) TouchWallScreen(ctx context.Context, id int64, at time.Time) error {
	return a.accounts.TouchWallScreen(ctx, id, at)
}

// DeleteWallScreen revokes a wall screen.
func (a *App) DeleteWallScreen(ctx context.Context, id int64) error {
	return a.accounts.DeleteWallScreen(ctx, id)
}
