// Package soak holds the soak test (`make soak`): a real `klantpuls serve` on the SQLite file
// and on PostgreSQL, for a long while, under two writers sending records over HTTP, two readers
// polling reports and dashboard pages, CLI imports and backups beside it. At the end what the
// server and the imports acknowledged must be exactly what is stored and reported, no request
// may have failed with a 5xx, memory must have stayed flat and every backup must restore.
//
// Everything is in the test files; the test runs only when KLANTPULS_SOAK names a duration per
// store (KLANTPULS_SOAK=30m), so `make test` and CI skip it.
package soak
