// Package walk holds one test: headless Chromium walks every page of the dashboard, in Dutch
// and in English, at a desktop's and a phone's width, as an administrator would see it with
// data. It saves a screenshot of each page and fails on a console error, an accessibility
// violation (axe, serious or critical) and anything wider than the screen.
//
// It is a package of its own so that `go test ./...` runs it beside internal/web's long suite
// rather than after it.
package walk
