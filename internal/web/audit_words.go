package web

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// AuditDetail is what an entry of the audit log says, in lang ("nl", "en"): its phrases (AuditWords). An
// entry written before phrases were keeps its free text, shown as it is.
func AuditDetail(lang string, e cx.AuditEntry) string {
	if len(e.Words) == 0 {
		return e.Detail
	}
	return AuditWords(lang, e.Words)
}

// auditCounts are the nouns of the phrases whose values are counts, in order: each said with
// its noun, singular for one (countIn) — "1 sessie en 2 API-tokens". Stored rows keep the bare
// numbers, so rows written before are said so too.
var auditCounts = map[string][]string{"user_removed": {"session", "api_token", "followup"}}

// AuditWords say phrases of the audit log (cx.AuditPhrase) in lang ("nl", "en"), in the words
// "auditd_" + key, joined by "; ": for the audit page and API, and for a command that tells
// what it recorded. A phrase whose count (its first value) is 1 takes the words
// "auditd_" + key + "_1" when there are such ("1 klant", not "1 klanten").
func AuditWords(lang string, phrases []cx.AuditPhrase) string {
	said := make([]string, len(phrases))
	for i, p := range phrases {
		args := make([]any, len(p.Args))
		for j, a := range p.Args {
			value, word := cx.PhraseValue(a)
			args[j] = value
			if n, err := strconv.Atoi(value); err == nil && !word && j < len(auditCounts[p.Key]) {
				args[j] = countIn(lang, n, auditCounts[p.Key][j])
			}
			if w, ok := words[lang][value]; ok && word {
				args[j] = w
			} else if word {
				args[j] = a // a key of a newer release, as a stored code shows (codeWord)
			}
		}
		form, ok := words[lang]["auditd_"+p.Key]
		if one, has := words[lang]["auditd_"+p.Key+"_1"]; has && len(p.Args) > 0 && p.Args[0] == "1" {
			form = one
		}
		if !ok {
			// A phrase of a newer release: its key and values, as a stored code shows (codeWord).
			said[i] = strings.TrimSpace(p.Key + " " + strings.TrimSpace(fmt.Sprint(args...)))
			continue
		}
		said[i] = fmt.Sprintf(form, args...)
	}
	return strings.Join(said, "; ")
}

// auditFrom is where an entry says it was made from, in lang: the command line on a machine
// in words (app.CommandLineHost), a client's address as it is.
func auditFrom(lang, from string) string {
	if host, ok := app.CommandLineHost(from); ok {
		return fmt.Sprintf(words[lang]["audit_cli_on"], host)
	}
	return from
}
