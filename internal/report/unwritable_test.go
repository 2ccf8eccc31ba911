package report

import (
	"bytes"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// A figure that is not a finite number (revenue of two orders of 1.7e308, stored before
// amounts were bounded) makes every format refuse with a clear error and print nothing — not
// half a CSV, not "+Inf" in a table.
func TestUnwritableFigure(t *testing.T) {
	d := &Document{From: "2026-03-01", To: "2026-04-01", Timezone: "Europe/Amsterdam", By: new(string)}
	*d.By = "channel"
	// Good groups first, more than a CSV writer buffers, then the bad one.
	for i := range 50 {
		key := "kanaal " + strconv.Itoa(i)
		d.Groups = append(d.Groups, Group{Key: &key, Metrics: fullSet()})
	}
	bad := fullSet()
	clv := metric.NewCLV(metric.CLVInput{Revenue: math.Inf(1), Orders: 2, Buyers: 1, Days: 31})
	bad.CLV = &clv
	last := "webshop"
	d.Groups = append(d.Groups, Group{Key: &last, Metrics: bad})
	for name, write := range map[string]func(io.Writer, *Document) error{
		"json":  JSON,
		"csv":   CSV,
		"table": func(w io.Writer, d *Document) error { return Table(w, d, Dutch) },
	} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			err := write(&out, d)
			if err == nil || !strings.Contains(err.Error(), "report: a figure is not a finite number (json: unsupported value: +Inf)") {
				t.Errorf("error %v", err)
			}
			if out.Len() > 0 {
				t.Errorf("%d bytes written:\n%.300s", out.Len(), out.String())
			}
		})
	}
}
