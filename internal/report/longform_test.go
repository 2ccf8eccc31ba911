package report

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// TestCSVWritesBothEndsOfANullInterval: a group whose NPS has no answers has no interval (null
// in the JSON), and its CSV lines are still ci95.low and ci95.high, empty, as the lines of a
// group with answers are. It wrote one line "ci95" instead, so a program or pivot table that
// reads nps/ci95.low found the field in one group and not in the next.
func TestCSVWritesBothEndsOfANullInterval(t *testing.T) {
	d := testDoc(engine.ByTeam, "Noord", "Zuid")
	none := metric.NewNPS(0, 0, 0)
	d.Groups[1].Metrics.NPS = &none
	var cs bytes.Buffer
	if err := CSV(&cs, d); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&cs).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]string{} // team → nps field → value
	for _, r := range rows[1:] {
		if r[4] != "nps" {
			continue
		}
		if got[r[3]] == nil {
			got[r[3]] = map[string]string{}
		}
		got[r[3]][r[5]] = r[6]
	}
	// fullSet's NPS is 3 promoters, 3 passives, 2 detractors: an interval; Zuid's has none.
	for _, field := range []string{"ci95.low", "ci95.high"} {
		if _, ok := got["Noord"][field]; !ok {
			t.Errorf("Noord has no nps %s line: %v", field, got["Noord"])
		}
		if v, ok := got["Zuid"][field]; !ok || v != "" {
			t.Errorf("Zuid's nps %s = %q (line there: %v), want an empty line", field, v, ok)
		}
	}
	if _, ok := got["Zuid"]["ci95"]; ok {
		t.Errorf("Zuid has a line nps ci95 the other group has not: %v", got["Zuid"])
	}
	if len(got["Noord"]) != len(got["Zuid"]) {
		t.Errorf("the groups have different nps fields: Noord %v, Zuid %v", got["Noord"], got["Zuid"])
	}
}
