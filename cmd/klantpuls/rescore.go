package main

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
)

type rescoreCmd struct {
	Lang string `enum:",nl,en" default:"" env:"KLANTPULS_LANG" help:"Language of what it says: nl or en (default: from $LANG, else nl, as report's table)."`
}

// Run scores the stored texts again when an upgrade brought a better sentiment scorer, in the
// foreground: what `klantpuls serve` does in its background (app.Rescore, the one rescore),
// for a user who imports and reports from cron and never starts a server. It holds the lease
// serve's run holds, so a serve elsewhere and this never both do it; while another holds it,
// it says so and fails. A run stopped midway goes on where it was the next time.
func (c *rescoreCmd) Run(e *env) error {
	e.sayIn(language(c.Lang))
	a, err := e.openStored()
	if err != nil {
		return err
	}
	defer a.Close()
	// The command says in words what app logs of the run at Info (the texts scored); the env's
	// sentences of warnings still reach stderr.
	a.Log = sayLogger(e.stderr, slog.LevelWarn, e.lang)
	progress, finish := rescoreBar(e)
	r, err := a.Rescore(e.ctx, "rescore:"+app.Holder(), progress)
	finish()
	switch {
	case errors.Is(err, app.ErrRescoreHeld):
		return cx.Errorf(cx.ECONFLICT, "%s", msgRescoreHeld.In(e.lang))
	case err != nil && e.ctx.Err() != nil:
		return fmt.Errorf("%s (%w)", msgRescoreStopped.In(e.lang), err)
	case err != nil:
		return err
	case !r.Due:
		e.say(e.stdout, msgRescoreNothing)
		return nil
	}
	e.say(e.stdout, msgRescored, e.whole(r.Read), e.whole(r.Texts+r.Replies), e.whole(r.Texts), e.whole(r.Replies),
		e.number(r.Took.Seconds(), 1))
	if r.Texts > 0 {
		// The next report starts from the engine file without reading the changed scores.
		e.refreshEngineFile(a, false)
	}
	return nil
}

// rescoreBar shows the texts read against those stored when stderr is a terminal; finish
// clears it. The bar is made at the first part read, so a run with nothing to do shows none.
func rescoreBar(e *env) (progress func(read, of int), finish func()) {
	if !isTerminal(e.stderr) {
		return nil, func() {}
	}
	var bar *progressbar.ProgressBar
	progress = func(read, of int) {
		if bar == nil {
			bar = progressbar.NewOptions(of, progressbar.OptionSetWriter(e.stderr),
				progressbar.OptionSetDescription("rescore"), progressbar.OptionSetPredictTime(true),
				progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
		}
		bar.Set(read)
	}
	return progress, func() {
		if bar != nil {
			bar.Finish()
		}
	}
}

// sayRescoreDue tells on stderr, once, when the stored sentiment scores are of an older scorer
// than this version's (app.RescoreDue): a user who never starts serve would otherwise read
// sentiment that mixes two scorers without knowing. While a process holds the rescore's lease
// (app.RescoreUnderWay: a serve node, or a klantpuls rescore) it says the work is under way,
// not to start it. Every command that reads the stored sentiment calls it: report, import,
// digest send, model fit. stdout (a report's JSON) is left alone. One read of the settings, and
// of the lease when due; a database that cannot tell says nothing. It says it in the command's
// language (e.lang).
func (e *env) sayRescoreDue(a *app.App) {
	if due, err := a.RescoreDue(e.ctx); err != nil || !due {
		return
	}
	msg := msgRescoreDue
	if under, err := a.RescoreUnderWay(e.ctx); err == nil && under {
		msg = msgRescoreUnderWay
	}
	e.say(e.stderr, msg)
}

// What rescore and the commands that read the stored sentiment say of the rescore, in English
// and Dutch.
var (
	msgRescored = importer.Message{
		EN: "rescore: %s texts read, %s scores changed (%s comments and mentions, %s follow-up replies) in %s s; the stored sentiment is now this version's scorer's.",
		NL: "rescore: %s teksten gelezen, %s scores gewijzigd (%s opmerkingen en vermeldingen, %s antwoorden bij opvolging) in %s s; het opgeslagen sentiment is nu dat van de scorer van deze versie.",
	}
	msgRescoreNothing = importer.Message{
		EN: "rescore: nothing to do: the stored sentiment is already this version's scorer's.",
		NL: "rescore: niets te doen: het opgeslagen sentiment is al dat van de scorer van deze versie.",
	}
	msgRescoreHeld = importer.Message{
		EN: "rescore: another klantpuls process (a serve node, or another klantpuls rescore) is scoring the earlier texts again now, and finishes the work; nothing was changed here. Run klantpuls rescore again later: it says so when it is done.",
		NL: "rescore: een ander klantpuls-proces (een serve-node, of een andere klantpuls rescore) scoort de eerdere teksten nu opnieuw en maakt het werk af; hier is niets gewijzigd. Voer klantpuls rescore later nog eens uit: die zegt het als het klaar is.",
	}
	msgRescoreStopped = importer.Message{
		EN: "rescore: stopped; the scores changed so far are stored, and the next klantpuls rescore (or serve) goes on where this one stopped",
		NL: "rescore: gestopt; de scores die al gewijzigd zijn, zijn opgeslagen, en de volgende klantpuls rescore (of serve) gaat verder waar deze stopte",
	}
	msgRescoreUnderWay = importer.Message{
		EN: "klantpuls: another klantpuls process (a serve node, or a klantpuls rescore) is scoring the earlier texts again now by this version's sentiment scorer; until it is done the sentiment figures mix two scorers (klantpuls rescore says when it is done).",
		NL: "klantpuls: een ander klantpuls-proces (een serve-node, of een klantpuls rescore) scoort de eerdere teksten nu opnieuw met de sentimentscorer van deze versie; tot dat klaar is mengen de sentimentcijfers twee scorers (klantpuls rescore zegt wanneer het klaar is).",
	}
	msgRescoreDue = importer.Message{
		EN: "klantpuls: the stored sentiment scores are of an older scorer than this version's, so the sentiment figures mix two scorers: run klantpuls rescore, or start klantpuls serve, to score the earlier texts again.",
		NL: "klantpuls: de opgeslagen sentimentscores zijn van een oudere scorer dan die van deze versie, dus de sentimentcijfers mengen twee scorers: voer klantpuls rescore uit, of start klantpuls serve, om de eerdere teksten opnieuw te scoren.",
	}
)
