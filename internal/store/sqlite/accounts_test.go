package sqlite

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

func TestAccounts(t *testing.T) {
	storetest.Accounts(t, func(t *testing.T) store.Accounts {
		s, _ := openTest(t)
		return s
	})
}

func TestAudit(t *testing.T) {
	storetest.Audit(t, func(t *testing.T) store.Audit {
		s, _ := openTest(t)
		return s
	})
}
