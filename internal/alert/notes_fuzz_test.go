package alert

import (
	"reflect"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// FuzzNotesOf: whatever an alert's stored notes hold (a row written by another release, or
// edited by hand), NotesOf reads them without a panic, and notes written back as cx.Alert.Notes
// keeps them (notesText) read as the same notes.
func FuzzNotesOf(f *testing.F) {
	for _, s := range []string{"", "flood:10:10", "email_held webhook_not_tried", "flood:x:-3", " : ::1 ", "email_refused"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, stored string) {
		notes := NotesOf(&cx.Alert{Notes: stored})
		again := NotesOf(&cx.Alert{Notes: notesText(notes)})
		if !reflect.DeepEqual(notes, again) {
			t.Fatalf("notes of %q: %+v, written and read again %+v", stored, notes, again)
		}
	})
}
