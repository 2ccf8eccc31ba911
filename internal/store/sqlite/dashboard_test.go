package sqlite

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

func TestDashboard(t *testing.T) {
	storetest.Dashboard(t, func(t *testing.T) storetest.RecordsAndDashboard {
		s, _ := openTest(t)
		return s
	})
}
