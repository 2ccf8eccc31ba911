package app

import "testing"

// TestUnerasedNote: the restore's note on the customers a backup holds again reads as English
// for one customer and for several.
func TestUnerasedNote(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{
		{1, "1 customer erased from the database replaced is not erased in the backup, which may hold their personal data again: erase them again (klantpuls erase --customer ID --ahead)"},
		{2, "2 customers erased from the database replaced are not erased in the backup, which may hold their personal data again: erase them again (klantpuls erase --customer ID --ahead)"},
	} {
		if got := UnerasedNote(tt.n); got != tt.want {
			t.Errorf("UnerasedNote(%d):\n got %s\nwant %s", tt.n, got, tt.want)
		}
	}
}
