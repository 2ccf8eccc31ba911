package postgres

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

func TestDashboard(t *testing.T) {
	storetest.Dashboard(t, func(t *testing.T) storetest.RecordsAndDashboard {
		s, _ := openFresh(t)
		return s
	})
}
