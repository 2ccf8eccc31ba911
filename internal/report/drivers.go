package report

import (
	"strings"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// The drivers of CSAT and NPS (engine.Why) in words: one wording for the Waarom page, its
// download and the e-mail digests, whose drivers are "as on Waarom".

// factorWords name the driver factors (engine.Factor…).
var factorWords = map[Lang]map[string]string{
	Dutch: {
		engine.FactorSLA: "Eerste reactie boven de SLA-norm", engine.FactorReopened: "Heropend",
		engine.FactorComplaint: "Klacht", engine.FactorTransferred: "Doorgezet", engine.FactorFirstContact: "Opgelost bij eerste contact",
		engine.FactorWaitedLong: "Langer gewacht dan de mediaan", engine.FactorChannel: "Kanaal", engine.FactorTheme: "Thema",
	},
	English: {
		engine.FactorSLA: "First response over the SLA target", engine.FactorReopened: "Reopened",
		engine.FactorComplaint: "Complaint", engine.FactorTransferred: "Transferred", engine.FactorFirstContact: "Solved at first contact",
		engine.FactorWaitedLong: "Waited longer than the median", engine.FactorChannel: "Channel", engine.FactorTheme: "Theme",
	},
}

// channelWords name the channels the data knows; a channel the account named itself is shown
// as it came.
var channelWords = map[Lang]map[string]string{
	Dutch: {"chat": "chat", "email": "e-mail", "e-mail": "e-mail", "phone": "telefoon",
		"social": "social media", "web": "website", "whatsapp": "WhatsApp"},
	English: {"chat": "chat", "email": "e-mail", "e-mail": "e-mail", "phone": "phone",
		"social": "social media", "web": "web site", "whatsapp": "WhatsApp"},
}

// eventWords name the kinds of customer event the demo and the docs use; a kind the account
// named itself is shown as it came. The Klanten page and the report's engagement row read them
// here, so a kind has one name everywhere.
var eventWords = map[Lang]map[string]string{
	Dutch: {"app_login": "inloggen in de app", "loyalty_program": "klantenprogramma",
		"webinar": "webinar", "training": "training"},
	English: {"app_login": "app sign-in", "loyalty_program": "loyalty programme",
		"webinar": "webinar", "training": "training"},
}

// EventKind is a kind of customer event (app_login, webinar …) in l; kinds compare
// case-insensitively after trimming, as the data's values do (spec/data.md).
func (l Lang) EventKind(v string) string {
	if w, ok := eventWords[l][strings.ToLower(strings.TrimSpace(v))]; ok {
		return w
	}
	return v
}

// Factors are the driver factors' names in l, by factor.
func (l Lang) Factors() map[string]string { return factorWords[l] }

// Channel is a channel (chat, email, phone, social) in l; channels compare case-insensitively
// after trimming (spec/data.md).
func (l Lang) Channel(v string) string {
	if w, ok := channelWords[l][strings.ToLower(strings.TrimSpace(v))]; ok {
		return w
	}
	return v
}

// Theme is a theme's label in l.
func (l Lang) Theme(th engine.ThemeFigures) string {
	if l == English && th.LabelEN != "" || th.LabelNL == "" {
		return th.LabelEN
	}
	return th.LabelNL
}

// Driver names a driver: "Heropend", "Kanaal: e-mail", "Thema: Levering"; themes holds the
// period's themes' labels in l by key (Theme).
func (l Lang) Driver(x engine.Driver, themes map[string]string) string {
	switch x.Factor {
	case engine.FactorChannel:
		return factorWords[l][x.Factor] + ": " + l.Channel(x.Key)
	case engine.FactorTheme:
		return factorWords[l][x.Factor] + ": " + themes[x.Key]
	}
	return factorWords[l][x.Factor]
}

// Points shows a difference in a metric's points, signed: NPS points whole (metrics.md section
// 0), CSAT percentage points with one decimal; "–" for none.
func (l Lang) Points(x *float64, nps bool) string {
	if x == nil {
		return "–"
	}
	decimals := 1
	if nps {
		decimals = 0
	}
	return l.Signed(*x, decimals)
}

// Signed writes a difference with its sign, "+" before one that shows above 0 at these
// decimals, so it reads as a change rather than a level: "+1,5", "-2,0", "0,0".
func (l Lang) Signed(x float64, decimals int) string {
	s := l.Number(x, decimals)
	if metric.Round(x, decimals) > 0 {
		s = "+" + s
	}
	return s
}
