package cx

import "testing"

// Each character OWASP names as starting a formula in a spreadsheet makes the cell text.
func TestFormulaSafe(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+31 6 1234": "'+31 6 1234", "-5": "'-5", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "\rx": "'\rx", "levering": "levering", "": "", "'al tekst": "'al tekst", "a=b": "a=b",
	} {
		if got := FormulaSafe(in); got != want {
			t.Errorf("FormulaSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
