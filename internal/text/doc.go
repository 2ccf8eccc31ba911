// Package text reads what customers write: the language of a text (Dutch or English), its
// words stemmed with stop words left out (for themes and emerging terms), and its sentiment
// score in [-1, 1] (metrics.md section 4). It is pure: no I/O, no network; word lists arrive
// at build time and are embedded.
package text
