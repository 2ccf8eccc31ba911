package app

import (
	"context"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// StoredCustomerID is the id the customer asked for as id is stored under. The presets and
// webhooks that key a customer by e-mail address store the address lower-cased (cx.CustomerKey),
// so a customer asked as Anna@Example.NL is anna@example.nl — unless a record names the id as
// asked (the API keeps ids as sent): then that one. Any other id is as asked. The erasure, the
// customer's history and data (the API's customer, the dashboard's page) and an invitation by
// customer id all find a customer by this one rule.
func (a *App) StoredCustomerID(ctx context.Context, id string) (string, error) {
	key := cx.CustomerKey(id)
	if key == id {
		return id, nil
	}
	// Only an address cased otherwise than its key gets here, so reading all that names it
	// (as the erasure does) is rare.
	asked, err := a.customerData(ctx, id)
	if err != nil {
		return "", err
	}
	if asked.none() {
		return key, nil
	}
	return id, nil
}
