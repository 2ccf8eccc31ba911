package report

import (
	"bytes"
	"strings"
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
	rows := csvRows(t, d)
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

// TestTableNamesChannelsInItsLanguage: the Dutch table names the channels as the dashboard and
// the PDF of the same figures do — "Kanaal: telefoon", "e-mail 60,0%" — where it printed the
// stored "phone" and "email" between Dutch words; the English one says "phone" and "e-mail".
func TestTableNamesChannelsInItsLanguage(t *testing.T) {
	for _, c := range []struct {
		lang Lang
		want []string
	}{
		// fullSet's tickets: 300 of 500 by email = 60.0%, 150 by chat = 30.0%.
		{Dutch, []string{"Kanaal: telefoon\n", "Kanaal: e-mail\n", "e-mail 60,0%", "chat 30,0%"}},
		{English, []string{"Channel: phone\n", "Channel: e-mail\n", "e-mail 60.0%", "chat 30.0%"}},
	} {
		var b bytes.Buffer
		if err := Table(&b, testDoc(engine.ByChannel, "phone", "email"), c.lang); err != nil {
			t.Fatal(err)
		}
		for _, want := range c.want {
			if !strings.Contains(b.String(), want) {
				t.Errorf("%s table lacks %q:\n%s", c.lang, want, b.String())
			}
		}
		if c.lang == Dutch && strings.Contains(b.String(), "phone") {
			t.Errorf("Dutch table says phone:\n%s", b.String())
		}
	}
}
