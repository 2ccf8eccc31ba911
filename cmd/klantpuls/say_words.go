package main

import (
	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// The words of what a command logs (say.go) in its language. A record's message is app's
// (app.Log…) or the command's own (say…) as it is logged in English, and looked up here for
// Dutch; a message this table lacks — a ClickHouse shipper's news — is said as it is logged.
// The names of a record's attributes are looked up the same way; their values (a file, an
// error of the system's) are said as they are.

// What a command logs of its own, beside what app logs.
const (
	sayEngineFileNotWritten = "engine file not written"
	sayEngineFileRefused    = "engine file not used; the next report writes it anew"
	sayEngineFileBehind     = "engine file not brought up to date"
	sayHistoryNotWritten    = "the import history was not written"
	sayAuditNotWritten      = "the audit log was not written"
)

var (
	sayWarning = importer.Message{EN: "warning: ", NL: "waarschuwing: "}
	sayError   = importer.Message{EN: "error: ", NL: "fout: "}
)

// sayDutch are the Dutch words of the messages.
var sayDutch = map[string]string{
	app.LogEngineFileNotUsed:      "engine-bestand niet gebruikt, de cijfers worden uit de database geladen",
	sayEngineFileRefused:          "engine-bestand niet gebruikt; het volgende rapport schrijft het opnieuw",
	sayEngineFileNotWritten:       "engine-bestand niet geschreven",
	sayEngineFileBehind:           "engine-bestand niet bijgewerkt",
	sayHistoryNotWritten:          "de importgeschiedenis is niet bijgewerkt",
	sayAuditNotWritten:            "het auditlog is niet bijgewerkt",
	app.LogEngineLoaded:           "engine geladen",
	app.LogImportPhaseNotRecorded: "hoe ver de import was, is niet vastgelegd",
	app.LogRepliesNotScored:       "het sentiment van eerdere antwoorden bij opvolging is niet gescoord",
	app.LogRepliesScored:          "sentiment van eerdere antwoorden bij opvolging opgeslagen",
	app.LogTextsScored:            "sentiment van eerdere teksten opgeslagen",
	app.LogRescoring:              "eerdere teksten opnieuw scoren met de nieuwere sentimentscorer",
	app.LogRescored:               "eerdere teksten opnieuw gescoord met de nieuwere sentimentscorer",
	app.LogRescoreLeaseKept:       "het opnieuw scoren van eerdere teksten is niet vrijgegeven voor een ander proces",
}

// sayDutchValues are the Dutch words of the values of attributes that app words itself.
var sayDutchValues = map[string]string{
	app.WhyNotEngineFile: "geen engine-bestand van deze versie, of afgebroken",
	app.WhyOtherEngine:   "gemaakt door een andere versie, of met andere openingstijden of thema's",
}

// sayDutchNames are the Dutch names of the attributes.
var sayDutchNames = map[string]string{
	"file": "bestand", "why": "reden", "error": "fout", "replies": "antwoorden", "texts": "teksten",
	"import": "import", "phase": "fase", "for": "voor", "records": "records", "from_snapshot": "uit bestand",
	"took": "duur", "read": "gelezen", "from_version": "van versie", "to_version": "naar versie",
}

// sayMessage is message in lang.
func sayMessage(message string, lang importer.Lang) string {
	if w, ok := sayDutch[message]; ok && lang == importer.Dutch {
		return w
	}
	return message
}

// sayValue is the value of an attribute in lang.
func sayValue(value string, lang importer.Lang) string {
	if w, ok := sayDutchValues[value]; ok && lang == importer.Dutch {
		return w
	}
	return value
}

// sayName is the name of an attribute in lang.
func sayName(name string, lang importer.Lang) string {
	if w, ok := sayDutchNames[name]; ok && lang == importer.Dutch {
		return w
	}
	return name
}
