package cells

import (
	"strings"
	"testing"
)

// The forms a Dutch Excel writes a currency cell in when it saves a CSV, and what is left for
// ParseDecimal; another currency's sign refused.
func TestEuros(t *testing.T) {
	for _, tt := range []struct {
		in, number string
		euro       bool
		err        string
	}{
		{"€ 12,50", "12,50", true, ""},
		{"€12,50", "12,50", true, ""},
		{"-€ 3,00", "-3,00", true, ""},
		{"€ -3,00", "-3,00", true, ""},
		{"12,50 €", "12,50", true, ""},
		{"-12,50 €", "-12,50", true, ""},
		{"12,50\u00a0€", "12,50", true, ""},
		{"€\u202f1.234,56", "1.234,56", true, ""},
		{" € 7 ", "7", true, ""},
		{"12,50", "12,50", false, ""},
		{"-3", "-3", false, ""},
		{"$12.50", "", false, `"$12.50" has a currency sign klantpuls does not read`},
		{"£ 3,00", "", false, `"£ 3,00" has a currency sign`},
		{"12 ¥", "", false, `"12 ¥" has a currency sign`},
		{"€ 12 €", "", false, `"€ 12 €" is not a number`},
		{"1€2", "", false, `"1€2" is not a number`},
		{"€", "", false, `"€" is not a number`},
		{"- € 3", "", false, `"- € 3" is not a number`},
	} {
		t.Run(tt.in, func(t *testing.T) {
			number, euro, err := Euros(tt.in)
			switch {
			case tt.err == "" && (err != nil || number != tt.number || euro != tt.euro):
				t.Errorf("got %q, %v, %v; want %q, %v", number, euro, err, tt.number, tt.euro)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Errorf("got %q, %v, %v; want %q", number, euro, err, tt.err)
			}
		})
	}
}

func TestPercent(t *testing.T) {
	for _, tt := range []struct {
		in, number string
		percent    bool
	}{
		{"30%", "30", true},
		{"30 %", "30", true},
		{"12,5\u00a0%", "12,5", true},
		{"0,3", "0,3", false},
		{"%", "%", false}, // left to ParseDecimal to refuse as written
		{" 0.3 ", "0.3", false},
	} {
		if number, percent := Percent(tt.in); number != tt.number || percent != tt.percent {
			t.Errorf("Percent(%q) = %q, %v; want %q, %v", tt.in, number, percent, tt.number, tt.percent)
		}
	}
}
