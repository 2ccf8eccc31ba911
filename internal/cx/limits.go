package cx

import (
	"strings"
	"unicode/utf8"
)

// Bounds on what one record may hold (data.md section 2). They keep every sum the engine forms
// finite and every text the size a person writes. The import files, the JSON API and the
// survey pages check them with the same rule.
const (
	// MaxAmount is the largest order amount, in euros: 10^12. The engine numbers its rows with
	// uint32, so a sum runs over at most 2^32 ≈ 4.3·10^9 orders: revenue and Σ amount·margin
	// (margin ≤ 1) stay below 4.3·10^21, far from float64's limit of 1.8·10^308; the CLV
	// products (aov ≤ 10^12 × orders a year ≤ 2^32·365 × lifespan) stay finite as well.
	MaxAmount = 1e12
	// MaxSeconds is the longest duration given as a number (wait_seconds, handle_seconds):
	// 10^9 seconds, about 31 years. A sum over 2^32 tickets stays below 4.3·10^18.
	MaxSeconds = 1e9
	// MaxText is the most characters a text value may hold, trimmed: a survey comment, the text
	// of a mention, any other cell. 4,000 is the survey page's comment box.
	MaxText = 4000
)

// TextTooLong reports whether s, trimmed, holds more than MaxText characters.
func TextTooLong(s string) bool {
	s = strings.TrimSpace(s)
	// A byte is at most one character: only long texts need counting.
	return len(s) > MaxText && utf8.RuneCountInString(s) > MaxText
}

// IsText reports whether s is text every store holds: UTF-8 without a NUL character.
// PostgreSQL refuses both in any text, so no record, name or address holds them on either
// database; the importer refuses them in a cell, and a look-up by one finds nothing.
func IsText(s string) bool { return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 }
