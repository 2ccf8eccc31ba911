package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestAlertClaimUnderClockSkew: node a claims an attempt at an alert (ClaimAlert, held 5
// minutes) and posts it; node b, whose clock runs 6 minutes ahead, lists the alert as due by
// its own clock, reads the attempt a counted, and claims it too while a's post is under way:
// the alert went out twice. The hold is judged by PostgreSQL's clock, as the leases are.
func TestAlertClaimUnderClockSkew(t *testing.T) {
	s, _ := openFresh(t)
	ctx := context.Background()
	a := &cx.Alert{RuleID: 1, ResponseID: "R1", CreatedAt: time.Now().UTC().Truncate(time.Second)}
	if created, err := s.CreateAlert(ctx, a); err != nil || !created {
		t.Fatalf("CreateAlert: %v, %v", created, err)
	}
	now := time.Now()
	if ok, err := s.ClaimAlert(ctx, a, now, 5*time.Minute); err != nil || !ok {
		t.Fatalf("node a's claim: %v, %v", ok, err)
	}
	ahead := now.Add(6 * time.Minute)
	due, err := s.PendingAlerts(ctx, ahead, 5, nil, 10)
	if err != nil || len(due) != 1 {
		t.Fatalf("node b's pending alerts: %+v, %v; want a's (b's clock is past a's hold)", due, err)
	}
	if ok, err := s.ClaimAlert(ctx, &due[0], ahead, 5*time.Minute); err != nil || ok {
		t.Errorf("node b's claim of the attempt node a is making: %v, %v; want refused", ok, err)
	}
}
