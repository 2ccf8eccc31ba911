package sqlite

import (
	"context"
	"io/fs"
	"reflect"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/klantpuls/klantpuls/internal/cx"
)

func TestSurveysSurviveReopen(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	sv := npsSurvey()
	inv := fullInvitation()
	site := &cx.Site{Key: "pk_webshop", Name: "Webshop", SurveyID: 1, CreatedAt: at(1, 9, 0),
		Origins: []string{"https://www.fietsenwinkel.nl"}}
	rule := &cx.AlertRule{Name: "Detractors", Condition: cx.AlertNPSDetractor, Email: "team@shop.nl",
		Active: true, CreatedAt: at(1, 9, 0)}
	alert := &cx.Alert{RuleID: 1, ResponseID: "R1", CreatedAt: at(2, 9, 0)}
	follow := &cx.FollowUp{ResponseID: "R1", OwnerID: 3, Reply: "Gebeld", Status: cx.FollowUpDone,
		UpdatedAt: at(2, 10, 0)}
	writes := []error{
		s.CreateSurvey(ctx, sv), s.CreateInvitation(ctx, inv), s.CreateSite(ctx, site),
		s.CreateAlertRule(ctx, rule), s.Unsubscribe(ctx, "bram@shop.nl", at(2, 9, 0)),
		s.SetFollowUp(ctx, follow),
	}
	if _, err := s.CreateAlert(ctx, alert); err != nil {
		writes = append(writes, err)
	}
	for _, err := range writes {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	again, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	checks := []struct {
		name string
		read func() (any, error)
		want any
	}{
		{"survey", func() (any, error) { return again.Survey(ctx, sv.ID) }, sv},
		{"invitation", func() (any, error) { return again.Invitation(ctx, inv.ID) }, inv},
		{"site", func() (any, error) { return again.Site(ctx, site.Key) }, site},
		{"alert rules", func() (any, error) { return again.ListAlertRules(ctx) }, []cx.AlertRule{*rule}},
		{"pending alerts", func() (any, error) { return again.PendingAlerts(ctx, 5, 10) }, []cx.Alert{*alert}},
		{"follow-ups", func() (any, error) { return again.FollowUps(ctx, []string{"R1"}) },
			map[string]cx.FollowUp{"R1": *follow}},
		{"unsubscribed", func() (any, error) { return again.Unsubscribed(ctx, "Bram@Shop.nl") }, true},
		{"last invited", func() (any, error) { return again.LastInvited(ctx, "anouk@fietsenwinkel.nl") }, inv.SentAt},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if got, err := c.read(); err != nil || !reflect.DeepEqual(got, c.want) {
				t.Errorf("after reopening = %+v, %v; want %+v", got, err, c.want)
			}
		})
	}
}

// TestSurveysMigrationDown runs the migration's Down and then its Up again on a store with data.
func TestSurveysMigrationDown(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if err := s.CreateSurvey(ctx, npsSurvey()); err != nil {
		t.Fatal(err)
	}
	dir, err := fs.Sub(migrations, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, s.write, dir,
		goose.WithLogger(goose.NopLogger()), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 4); err != nil {
		t.Fatal(err)
	}
	tables := func() int {
		var n int
		err := s.write.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name IN
			('surveys', 'invitations', 'unsubscribes', 'sites', 'alert_rules', 'alerts', 'followups')`).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := tables(); n != 0 {
		t.Errorf("%d survey tables after Down, want 0", n)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if n := tables(); n != 7 {
		t.Errorf("%d survey tables after Up, want 7", n)
	}
	if got, err := s.ListSurveys(ctx); err != nil || len(got) != 0 {
		t.Errorf("ListSurveys after Down and Up = %+v, %v; want none", got, err)
	}
}
