package sqlite

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

func TestAlerts(t *testing.T) {
	storetest.Alerts(t, func(t *testing.T) store.Surveys {
		s, _ := openTest(t)
		return s
	})
}
