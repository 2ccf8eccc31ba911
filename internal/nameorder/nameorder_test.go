package nameorder_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/klantpuls/klantpuls/internal/nameorder"
)

// orders are names in the order a Dutch reader lists them, written by hand; each test sorts
// them from other orders.
var orders = []struct {
	name string
	want []string
}{
	{"a diaeresis sorts as its letter", []string{"Oosterhuis", "Öztürk", "Peters", "Zwart"}},
	{"Ł sorts after L, before M", []string{"Lukas", "Łukasz", "Maria", "Zwart"}},
	{"numbers by their value", []string{"Agent 2", "Agent 9", "Agent 10", "Agent 100", "Klant 9", "Klant 10"}},
	{"case ignored", []string{"anna", "Bert", "cees", "Daan"}},
	{"spaces around a name ignored", []string{"  Anna", "Bert  ", " Cees"}},
	{"blanks last", []string{"Anna", "Zwart", "", "  "}},
	{"the same name in two cases by bytes", []string{"ANNA", "Anna", "anna", "Bert"}},
}

func TestSort(t *testing.T) {
	for _, tt := range orders {
		t.Run(tt.name, func(t *testing.T) {
			for _, from := range [][]string{slices.Clone(tt.want), reversed(tt.want), rotated(tt.want)} {
				got := nameorder.Sort(from)
				if !slices.Equal(got, tt.want) {
					t.Errorf("got %q, want %q", got, tt.want)
				}
			}
		})
	}
}

// TestSortFunc sorts values by a name of theirs, the other fields coming along.
func TestSortFunc(t *testing.T) {
	type row struct {
		team   string
		solved int
	}
	rows := []row{{"Zwart", 1}, {"", 2}, {"Team 10", 3}, {"Öztürk", 4}, {"team 9", 5}}
	nameorder.SortFunc(rows, func(r row) string { return r.team })
	want := []row{{"Öztürk", 4}, {"team 9", 5}, {"Team 10", 3}, {"Zwart", 1}, {"", 2}}
	if !slices.Equal(rows, want) {
		t.Errorf("got %v, want %v", rows, want)
	}
}

// TestKey checks the key the store sorts customers by: in the order of Sort as bytes compare,
// nil for a blank name (NULL, which the customer list puts last).
func TestKey(t *testing.T) {
	for _, blank := range []string{"", "   ", "\t\n"} {
		if k := nameorder.Key(blank); k != nil {
			t.Errorf("Key(%q) = %v, want nil", blank, k)
		}
	}
	for _, tt := range orders {
		t.Run(tt.name, func(t *testing.T) {
			for i := 1; i < len(tt.want); i++ {
				a, b := nameorder.Key(tt.want[i-1]), nameorder.Key(tt.want[i])
				if b == nil {
					continue // blanks last: the store's NULL
				}
				if bytes.Compare(a, b) > 0 {
					t.Errorf("Key(%q) > Key(%q)", tt.want[i-1], tt.want[i])
				}
			}
		})
	}
	if !bytes.Equal(nameorder.Key("Öztürk"), nameorder.Key(" öZTÜRK ")) {
		t.Error("Key differs by case or spaces around")
	}
}

func reversed(s []string) []string {
	r := slices.Clone(s)
	slices.Reverse(r)
	return r
}

func rotated(s []string) []string { return append(slices.Clone(s[len(s)/2:]), s[:len(s)/2]...) }

// BenchmarkSort sorts the names of a large install's filter list: 500 agents.
func BenchmarkSort(b *testing.B) {
	names := make([]string, 500)
	for i := range names {
		names[i] = []string{"Öztürk", "Łukasz", "Agent", "de Vries", "Jansen"}[i%5] + " " + string(rune('A'+i%26)) + string(rune('a'+i/26))
	}
	for b.Loop() {
		nameorder.Sort(slices.Clone(names))
	}
}
