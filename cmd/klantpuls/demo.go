package main

import (
	"context"
	"os"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/demo"
	"github.com/klantpuls/klantpuls/internal/importer"
)

type demoCmd struct {
	Seed  uint64 `default:"1" help:"Seed of the generator: the same seed and until give the same data."`
	Until string `help:"Day after the last day of data (YYYY-MM-DD); default today, so the dashboard's first screen (the last full month) and this month have data, and the tickets still open at the end of yesterday have had today's replies (with --until they stay as they were at its start)." placeholder:"DATE"`
	// Stamp is make's: `make run` keeps the demo it made for some hours (demoRemake), and only
	// a database with this stamp beside it is ever removed.
	Stamp string `hidden:"" help:"File beside the database saying when this command made the demo in it ('make run' gives it): a demo made some hours ago is removed and made again, a database without the file is used as it is." placeholder:"FILE"`
}

// Run fills the database with the year before --until of a Dutch web shop and its service
// team, in one transaction. A database that is its user's is refused (theirs): the demo's
// fictional customers would be mixed into their data, and --db defaults to klantpuls.db,
// where a user's own data lives.
func (c *demoCmd) Run(e *env) error {
	made := time.Now()
	if c.Stamp != "" {
		if kept, err := c.byMake(e, e.globals.DB, made); kept || err != nil {
			return err
		}
	}
	a, err := e.open()
	if err != nil {
		return err
	}
	defer a.Close()
	if err := theirs(e, a); err != nil {
		return err
	}
	loc := a.Config.Timezone
	// The demo is made now: the tickets still open at the end of yesterday have had today's
	// replies and solves (demo.Options.Now). With --until it is made as at the start of that
	// day, so the same seed and --until give the same data at any clock.
	now := made.In(loc)
	until := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	if c.Until != "" {
		if until, err = time.ParseInLocation(time.DateOnly, c.Until, loc); err != nil {
			return e.refused(msgDemoNotADate, c.Until)
		}
		now = until
	}
	from := until.AddDate(-1, 0, 0)
	days := int(until.Sub(from).Hours()/24 + 0.5)
	start := time.Now()
	counts := map[cx.Kind]int{}
	res, err := a.Bulk(e.ctx, func(put func(cx.Record) error) error {
		return demo.Generate(demo.Options{Seed: c.Seed, Location: loc, From: from, Days: days, Now: now}, func(kind cx.Kind, batch []cx.Record) error {
			counts[kind] += len(batch)
			for _, r := range batch {
				if err := put(r); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	if err := demoSurveys(e.ctx, a); err != nil {
		return err
	}
	if c.Stamp != "" {
		if err := os.WriteFile(c.Stamp, []byte(now.Format(time.RFC3339)+"\n"), 0o644); err != nil {
			return err
		}
	}
	e.say(e.stderr, msgDemoWritten, kindCounts(counts, e.lang), e.number(time.Since(start).Seconds(), 1), e.count(countDemoRows, int(res.Written)))
	e.say(e.stderr, msgDemoTry,
		from.Format(time.DateOnly), until.AddDate(0, 0, -1).Format(time.DateOnly), app.ShownDSN(e.globals.DB),
		until.AddDate(0, -3, 0).Format(time.DateOnly), until.Format(time.DateOnly))
	return nil
}

// theirs refuses a database that holds or has held its user's data (app.Held): records, or
// only their history — deletions, erasures, imports — users or an audit log. Records would be
// mixed with the demo's and replaced where they share an id (C000001, …); a database whose
// records were all deleted is no empty one either, and must not become a demo's.
func theirs(e *env, a *app.App) error {
	held, err := a.Held(e.ctx)
	switch {
	case err != nil:
		return err
	case held.Records > 0:
		return cx.Errorf(cx.ECONFLICT, "%s", msgDemoHoldsRecords.In(e.lang, app.ShownDSN(e.globals.DB), heldWords(held, e.lang)))
	case held.Any():
		return cx.Errorf(cx.ECONFLICT, "%s", msgDemoHeld.In(e.lang, app.ShownDSN(e.globals.DB), heldWords(held, e.lang)))
	}
	return nil
}

// heldWords lists in l what a database holds or has held of its user's, such as "2 deletions,
// an import history".
func heldWords(h app.Held, l importer.Lang) string {
	var parts []string
	held := func(n int, c importer.Count) {
		if n > 0 {
			parts = append(parts, c.Of(l, n))
		}
	}
	held(h.Records, countRecords)
	held(h.Deletions, countDeletions)
	held(h.Erased, countErased)
	if h.Imports {
		parts = append(parts, msgHeldImports.In(l))
	}
	held(h.Users, countUsers)
	if h.Audit {
		parts = append(parts, msgHeldAudit.In(l))
	}
	return strings.Join(parts, ", ")
}

// demoSurveys gives a fresh database the three surveys a shop starts with, so the surveys
// page has something to invite with. Existing surveys are left alone.
func demoSurveys(ctx context.Context, a *app.App) error {
	acc := a
	list, err := acc.ListSurveys(ctx)
	if err != nil || len(list) > 0 {
		return err
	}
	for _, sv := range []cx.Survey{
		{Kind: cx.SurveyNPS, Name: "NPS per kwartaal",
			QuestionNL:    "Hoe waarschijnlijk is het dat u ons aanbeveelt aan vrienden of collega's?",
			QuestionEN:    "How likely are you to recommend us to a friend or colleague?",
			FollowUpLowNL: "Wat kunnen we beter doen?", FollowUpLowEN: "What could we do better?",
			FollowUpHighNL: "Wat waardeert u het meest?", FollowUpHighEN: "What do you value most?"},
		{Kind: cx.SurveyCSAT, Name: "Tevredenheid na contact",
			QuestionNL: "Hoe tevreden bent u over de hulp die u kreeg?", QuestionEN: "How satisfied are you with the help you got?",
			FollowUpLowNL: "Wat ging er mis?", FollowUpLowEN: "What went wrong?",
			FollowUpHighNL: "Wat ging er goed?", FollowUpHighEN: "What went well?"},
		{Kind: cx.SurveyCES, Name: "Gemak na de chat",
			QuestionNL: "Het was makkelijk om mijn vraag afgehandeld te krijgen.", QuestionEN: "It was easy to get my issue handled.",
			FollowUpLowNL: "Wat kostte u moeite?", FollowUpLowEN: "What took effort?"},
	} {
		sv.Active, sv.CreatedAt = true, time.Now()
		if err := acc.CreateSurvey(ctx, &sv); err != nil {
			return err
		}
	}
	return nil
}
