package cells

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in      string
		want    float64
		wantErr string // start of the error; "" when the number reads
	}{
		{in: "12.50", want: 12.5},
		{in: "37,53", want: 37.53}, // a decimal comma
		{in: "0,125", want: 0.125}, // three decimals after a 0: no thousands group starts with 0
		{in: "1,2345", want: 1.2345},
		{in: ",5", want: 0.5},
		{in: "-3,5", want: -3.5},
		{in: "+7", want: 7},
		{in: "1.234", want: 1.234}, // a single point is always the decimal point
		{in: "1.234,56", want: 1234.56},
		{in: "1,234.56", want: 1234.56},
		{in: "-1.234.567,8", want: -1234567.8},
		{in: "1.234.567", want: 1234567},
		{in: "1,234,567", want: 1234567},
		{in: "1.5e3", want: 1500},
		{in: "1e400", want: math.Inf(1)}, // the caller's bound refuses it
		{in: "1,234", wantErr: `"1,234" could be 1234 (a comma between thousands) or 1.234 (a decimal comma): write 1234 or 1.234`},
		{in: "-999,000", wantErr: `"-999,000" could be -999000 (a comma between thousands) or -999.000 (a decimal comma): write -999000 or -999.000`},
		{in: "1.23,45", wantErr: `"1.23,45" is not a number: thousands separators come between groups of three`},
		{in: "1.234,567,8", wantErr: `"1.234,567,8" is not a number: thousands separators`},
		{in: "12.34.56", wantErr: `"12.34.56" is not a number: thousands separators`},
		{in: "1,5e3", wantErr: `"1,5e3" is not a number: write digits`},
		{in: "€ 12,50", wantErr: `"€ 12,50" is not a number`},
		{in: "12 500", wantErr: `"12 500" is not a number`},
		{in: "Inf", wantErr: `"Inf" is not a number`},
		{in: "NaN", wantErr: `"NaN" is not a number`},
		{in: "0x1p10", wantErr: `"0x1p10" is not a number`},
		{in: "--5", wantErr: `"--5" is not a number`},
		{in: "-", wantErr: `"-" is not a number`},
		{in: ",", wantErr: `"," is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDecimal(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Errorf("got %v, %v; want the error %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

// With the decimal separator given, the other sign only groups thousands.
func TestParseDecimalAs(t *testing.T) {
	tests := []struct {
		in   string
		dec  byte
		want float64
		ok   bool
	}{
		{"1,234", ',', 1.234, true},
		{"1.234", ',', 1234, true},
		{"1.234,50", ',', 1234.5, true},
		{"-37,53", ',', -37.53, true},
		{",5", ',', 0.5, true},
		{"1,234", '.', 1234, true},
		{"1,234.5", '.', 1234.5, true},
		{"12.50", '.', 12.5, true},
		{"12,50", '.', 0, false}, // a comma groups three digits
		{"1.2.3", ',', 0, false},
		{"1,2,3", ',', 0, false},
		{"1e5", '.', 0, false},
		{"", ',', 0, false},
		{"--1", ',', 0, false},
		{"37,53", 0, 37.53, true}, // no separator: ParseDecimal's rule
	}
	for _, tt := range tests {
		t.Run(tt.in+" "+string(tt.dec), func(t *testing.T) {
			got, err := ParseDecimalAs(tt.in, tt.dec)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("got %v, %v; want %v (ok %v)", got, err, tt.want, tt.ok)
			}
		})
	}
}

// FuzzParseDecimal: any cell either reads as a number (never NaN) or is refused with a message;
// none panics. ParseDecimalAs without a separator is ParseDecimal, and a cell with a single
// separator and no thousands reads as that separator's decimal (ParseDecimal's first two
// rules), checked against strconv.ParseFloat.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"12.50", "37,53", "1.234,56", "1,234.56", "1.234.567", "1,234", "-1.5e3",
		"0x1p3", "Inf", "€ 12", " 7 ", "+-1", ",5", "-€ 3,00", "12,50 €", "$5", "30 %", "€€1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDecimal(s)
		if err == nil && math.IsNaN(got) {
			t.Errorf("ParseDecimal(%q) = NaN", s)
		}
		as, asErr := ParseDecimalAs(s, 0)
		if (err == nil) != (asErr == nil) || err == nil && as != got && !(math.IsNaN(as) && math.IsNaN(got)) ||
			err != nil && asErr.Error() != err.Error() {
			t.Errorf("ParseDecimalAs(%q, 0) = %v, %v; ParseDecimal %v, %v", s, as, asErr, got, err)
		}
		for _, dec := range []byte{'.', ','} {
			if v, err := ParseDecimalAs(s, dec); err == nil && math.IsNaN(v) {
				t.Errorf("ParseDecimalAs(%q, %q) = NaN", s, dec)
			}
		}
		euros(t, s, got, err)
		v := strings.TrimSpace(s)
		body := strings.TrimLeft(v, "+-")
		whole, frac, _ := strings.Cut(strings.Replace(body, ",", ".", 1), ".")
		if err != nil || strings.Count(body, ",")+strings.Count(body, ".") > 1 ||
			!(whole == "" || digits(whole)) || !(frac == "" || digits(frac)) {
			return // only a plain 12.50 or 12,50 is checked against ParseFloat
		}
		want, perr := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
		if perr == nil && got != want {
			t.Errorf("ParseDecimal(%q) = %v; ParseFloat reads %v", s, got, want)
		}
	})
}

// euros holds Euros and Percent to ParseDecimal (got, err of s): a cell without a sign is left
// as it is; a number ParseDecimal reads, written with € before or after it or with % after it,
// is that number; whatever Euros leaves has no € in it.
func euros(t *testing.T, s string, got float64, err error) {
	t.Helper()
	v := strings.TrimSpace(s)
	number, euro, eerr := Euros(s)
	switch {
	case eerr == nil && strings.ContainsRune(number, '€'):
		t.Errorf("Euros(%q) left %q", s, number)
	case !strings.ContainsRune(v, '€') && strings.IndexFunc(v, otherCurrency) < 0 && (eerr != nil || euro || number != v):
		t.Errorf("Euros(%q) = %q, %v, %v; want it as it is", s, number, euro, eerr)
	case strings.IndexFunc(v, otherCurrency) >= 0 && eerr == nil:
		t.Errorf("Euros(%q) read another currency's sign", s)
	}
	if err != nil || v == "" || strings.ContainsAny(v, "€%") {
		return
	}
	signed := []string{"€ " + v, "€" + v, v + " €", v + "\u00a0€"}
	if unsigned, ok := strings.CutPrefix(v, "-"); ok {
		signed = append(signed, "-€ "+unsigned)
	}
	for _, w := range signed {
		number, euro, eerr := Euros(w)
		if eerr != nil || !euro {
			t.Errorf("Euros(%q) = %q, %v, %v; want %q in euros", w, number, euro, eerr, v)
			continue
		}
		if f, ferr := ParseDecimal(number); ferr != nil || f != got {
			t.Errorf("Euros(%q) = %q, read %v, %v; want %v", w, number, f, ferr, got)
		}
	}
	for _, w := range []string{v + "%", v + " %"} {
		if number, percent := Percent(w); !percent || number != v {
			t.Errorf("Percent(%q) = %q, %v; want %q, a percentage", w, number, percent, v)
		}
	}
}
