//go:build race

package main

// raceDetector is true when the tests run with -race. The race detector makes the engine load
// ten times slower; tests that only compare output (not concurrency) skip under it and run in
// `make test`'s plain pass instead.
const raceDetector = true
