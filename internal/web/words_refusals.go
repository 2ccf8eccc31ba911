package web

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/ingest"
)

// What a form or a page refused, in the page's language. The rule that refuses an input says
// it once, wherever it lives (app, survey, auth, here), with cx.Refuse: the English for the API
// and the command line, and a key the pages say it by with the same arguments. A thing asked
// for and not there (cx.NotFound, missing) is said the same way. An error without a key is
// shown in its own words.

// refusal is err as a page in lang says it: the sentence under its key, with its arguments,
// else its own message.
func refusal(lang string, err error) string {
	if text, ok := said(lang, err); ok {
		return text
	}
	return err.Error()
}

// said is the sentence under err's key in lang, with its arguments; ok is false when err
// carries no key the catalogue has.
func said(lang string, err error) (text string, ok bool) {
	var e *cx.Error
	if errors.As(err, &e) && e.Key != "" {
		if w, ok := words[lang][e.Key]; ok {
			args := slices.Clone(e.Args)
			for i, a := range args {
				switch a := a.(type) {
				case wait:
					args[i] = waitIn(lang, int(a))
				case *cx.Error:
					// A word of the sentence that is keyed itself (config's "a whole number").
					args[i] = refusal(lang, a)
				case cx.ShownKeyArg: // a review's row, "V1, criterium toon"
					args[i] = cx.ShownKeyWith(a.Kind, a.Key, ingest.CriterionWord(ingest.Lang(lang)))
				}
			}
			return fmt.Sprintf(w, args...), true
		}
	}
	return "", false
}

// Refused is err as the command line says it in lang: in Dutch the pages' sentence under its
// key, with its arguments, so a Dutch refusal is worded once; in English, and for an error
// without a key, its own message — the English cx.Error keeps for the API and the command line
// (a page's English names the form's fields, the command's its flags). A keyed error wrapped
// in words of its own (a flag, a file before it) is said as it is: its key says less. Errors
// joined (errors.Join) are said each on its line so.
func Refused(lang string, err error) string {
	// Several mistakes at once (errors.Join: a configuration file's), each on its line.
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		lines := make([]string, 0, len(j.Unwrap()))
		for _, one := range j.Unwrap() {
			lines = append(lines, Refused(lang, one))
		}
		return strings.Join(lines, "\n")
	}
	var e *cx.Error
	if lang == "nl" && errors.As(err, &e) && e.Error() == err.Error() {
		if text, ok := said(lang, e); ok {
			return text
		}
	}
	return err.Error()
}

// problem says what is wrong with a form in the page's language.
func (p *page) problem(err error) string { return refusal(p.Lang, err) }

// missing is err as the pages say it when it is cx.ENOTFOUND: there is no thing (the catalogue
// has "not_found/" + thing) of id, whatever the store called it. Other errors come back as
// they are.
func missing(err error, thing string, id any) error {
	if cx.ErrorCode(err) != cx.ENOTFOUND {
		return err
	}
	return &cx.Error{Code: cx.ENOTFOUND, Message: err.Error(), Key: "not_found/" + thing, Args: []any{id}}
}

// gone is what a page says of a thing not found that no page named: what its address (path)
// showed is not there.
func gone(lang, path string) string { return fmt.Sprintf(words[lang]["not_found/page"], path) }

func init() {
	addWords(map[string]map[string]string{
		"nl": {
			"db_in_use":         "%s is in gebruik bij proces %s: stop dat eerst",
			"db_being_restored": "%s wordt teruggezet door proces %s: begin opnieuw als dat klaar is",
			"db_open_here":      "%s is al geopend in dit proces",
			"audit_not_written": "De wijziging is niet doorgevoerd: de regel ervan in het auditlog kon niet worden opgeslagen, en zonder die regel slaat klantpuls niets op. Probeer het later opnieuw; blijft dit zo, vraag dan de beheerder van de server de database na te kijken.",
			"not_committed":     "De wijziging is niet opgeslagen: de database kon haar niet vastleggen. Probeer het later opnieuw; blijft dit zo, vraag dan de beheerder van de server de database na te kijken.",
			"not_committed/audited": "De wijziging en de regel ervan in het auditlog zijn niet opgeslagen: de database kon ze niet vastleggen. " +
				"Probeer het later opnieuw; blijft dit zo, vraag dan de beheerder van de server de database na te kijken.",
			"commit_unknown": "Het is niet bekend of de wijziging is opgeslagen: de database gaf geen antwoord toen ze werd vastgelegd. " +
				"Kijk of ze er is voordat u haar opnieuw maakt.",
			"commit_unknown/audited": "Het is niet bekend of de wijziging en de regel ervan in het auditlog zijn opgeslagen: de database gaf " +
				"geen antwoord toen ze werden vastgelegd. Kijk of de wijziging er is voordat u haar opnieuw maakt.",
			"not_text":             "%q bevat een NUL-teken of tekens die geen UTF-8 zijn; geen tekst mag die bevatten. Typ hem opnieuw.",
			"token_bad_scope":      "Bereik: kies lezen of schrijven (niet %q).",
			"token_bad_expires":    "Verloopt: %q is geen aantal dagen van 1 tot %d (zoals 90d), en ook niet ‘nooit’.",
			"wall_need_name":       "Geef het wandscherm een naam van hoogstens %d tekens.",
			"wall_bad_page":        "Pagina's: %q is geen van %s.",
			"user_bad_email":       "E-mailadres: %q is geen e-mailadres.",
			"user_bad_role":        "Rol: kies beheerder, manager of medewerker (niet %q).",
			"user_need_agent":      "Medewerkersnaam: een medewerker heeft de naam nodig die op zijn of haar tickets staat.",
			"user_email_taken":     "E-mailadres: %s is al het adres van een andere gebruiker.",
			"user_own_password":    "Wachtwoord: uw eigen wachtwoord wijzigt u bij Wachtwoord (/settings/password), met uw huidige wachtwoord.",
			"survey_bad_kind":      "Soort: %q is geen NPS, CSAT of CES.",
			"bounce_bad_address":   "E-mailadres: %q is geen geldig e-mailadres.",
			"survey_need_name":     "Geef de enquête een naam.",
			"survey_need_question": "De vraag is nodig in het Nederlands én in het Engels.",
			"site_bad_survey":      "Enquête: %q is geen enquête.",
			"site_bad_origin":      "Adressen van de website: %q is geen adres als https://www.voorbeeld.nl.",
			"site_origin_is_page":  "Adressen van de website: %q is het adres van een pagina; geef het adres van de website, zonder pad: %s",
			"site_need_name":       "Geef de website een naam.",
			"site_need_origin":     "Adressen van de website: geef minstens één adres, zoals https://www.voorbeeld.nl.",
			"conn_bad_source":      "Bron: %q is geen webhookbron (een van %s).",
			"conn_bad_kind":        "Soorten: %q is geen soort gegevens (wel: %s).",
			"conn_kind_of_source":  "Soorten: %s stuurt %s, geen %s.",
			"conn_need_name":       "Geef de koppeling een naam, zoals de webwinkel of helpdesk waar de gegevens vandaan komen.",
			"conn_need_kinds":      "Soorten: kies minstens één soort gegevens die de koppeling mag schrijven.",
			"conn_tool_secret": "Geheim: %s maakt zelf het geheim waarmee zijn webhooks ondertekend zijn; plak het geheim dat het toont " +
				"(de README, Live connections, zegt waar).",
			"conn_short_secret": "Geheim: minstens %d tekens (plak het geheim dat de tool toont, of laat het leeg, dan maakt klantpuls er een).",
			"conn_long_secret":  "Geheim: hoogstens %d bytes.",
			"conn_secret_in_use": "Geheim: dit geheim gebruikt koppeling '%s' al; geef elke koppeling een eigen geheim " +
				"(anders wordt een levering voor de ene ook bij de andere aangenomen).",
			"conn_long_token":  "API-token: hoogstens %d bytes.",
			"conn_token_chars": "API-token: alleen zichtbare ASCII-tekens, geen spaties (plak het token dat de tool toont).",
			"conn_token_unused": "API-token: de webhooks van %s bevatten zelf wat ze schrijven, dus klantpuls vraagt nooit zijn API; " +
				"laat het token weg (alleen %s gebruiken er een).",
			"followup_none_ticked": "Vink minstens één antwoord aan om toe te wijzen.",
			"followup_bad_owner":   "Eigenaar: %v is geen gebruiker; kies er een uit de lijst.",
			"not_found/page":       "Wat %s toont, is er niet (meer).",
			"unknown_kind":         "onbekende soort %q (kies uit %s)",
			"not_found/upload":     "Deze upload is niet (meer) op deze server: upload het bestand opnieuw. Met meer servers achter een load balancer horen de importpagina's van een sessie bij één server (sticky sessions, zie docs/import.md).",
			"not_found/import":     "Import %v bestaat niet.",
			"not_found/site":       "Website %q bestaat niet (meer).",
			"not_found/connection": "Koppeling %q bestaat niet (meer).",
			"not_found/mapping":    "Koppeling van kolommen %q bestaat niet (meer).",
			"not_found/user":       "Gebruiker %v bestaat niet (meer).",
			"not_found/rejects":    "Het bestand met afgewezen rijen van deze import is er niet (meer) op deze server.",
			"not_found/wall":       "Wandscherm %v bestaat niet (meer).",
			"not_found/survey":     "Enquête %v bestaat niet.",
			"not_found/token":      "Token %v bestaat niet (meer).",
			"not_found/customer":   "Klant %q: geen enkel gegeven noemt deze klant (of de klant is gewist).",
			"not_found/order":      "Bestelling %q bestaat niet.",
			"not_found/ticket":     "Ticket %q bestaat niet.",
			"not_found/message":    "Bericht %q bestaat niet.",
			"not_found/response":   "Antwoord %q bestaat niet.",
			"not_found/mention":    "Vermelding %q bestaat niet.",
			"not_found/review":     "Kwaliteitsbeoordeling %q bestaat niet.",
			"not_found/event":      "Gebeurtenis %q bestaat niet.",
		},
		"en": {
			"db_in_use":         "%s is open in process %s: stop it first",
			"db_being_restored": "%s is being restored by process %s: start again when it is done",
			"db_open_here":      "%s is open in this process",
			"audit_not_written": "The change was not made: its line in the audit log could not be stored, and without it klantpuls stores nothing. Try again later; if it stays so, ask whoever runs the server to look at the database.",
			"not_committed":     "The change was not stored: the database could not commit it. Try again later; if it stays so, ask whoever runs the server to look at the database.",
			"not_committed/audited": "The change and its line in the audit log were not stored: the database could not commit them. " +
				"Try again later; if it stays so, ask whoever runs the server to look at the database.",
			"commit_unknown": "It is not known whether the change was stored: the database did not answer its commit. " +
				"Look whether it is there before you make it again.",
			"commit_unknown/audited": "It is not known whether the change and its line in the audit log were stored: the database " +
				"did not answer their commit. Look whether the change is there before you make it again.",
			"not_text":             "%q holds a NUL character or bytes that are not UTF-8, which no text may. Type it again.",
			"token_bad_scope":      "Scope: choose read or write (not %q).",
			"token_bad_expires":    "Expires: %q is not a number of days from 1 to %d (such as 90d), nor ‘never’.",
			"wall_need_name":       "Give the wall screen a name of at most %d characters.",
			"wall_bad_page":        "Pages: %q is not one of %s.",
			"user_bad_email":       "E-mail address: %q is not an e-mail address.",
			"user_bad_role":        "Role: choose administrator, manager or agent (not %q).",
			"user_need_agent":      "Agent name: an agent user needs the agent name their tickets carry.",
			"user_email_taken":     "E-mail address: %s is already another user's address.",
			"user_own_password":    "Password: change your own password under Password (/settings/password), giving your current one.",
			"survey_bad_kind":      "Kind: %q is not NPS, CSAT or CES.",
			"bounce_bad_address":   "E-mail address: %q is not a valid e-mail address.",
			"survey_need_name":     "Give the survey a name.",
			"survey_need_question": "The question is needed in Dutch and in English.",
			"site_bad_survey":      "Survey: %q is not a survey.",
			"site_bad_origin":      "The site's addresses: %q is not an origin such as https://www.example.nl.",
			"site_origin_is_page":  "The site's addresses: %q is a page's address; give the site's origin, without a path: %s",
			"site_need_name":       "Give the web site a name.",
			"site_need_origin":     "The site's addresses: give at least one origin, such as https://www.example.nl.",
			"conn_bad_source":      "Source: %q is not a webhook source (one of %s).",
			"conn_bad_kind":        "Kinds: %q is not a kind of record (one of %s).",
			"conn_kind_of_source":  "Kinds: %s sends %s, not %s.",
			"conn_need_name":       "Give the connection a name, such as the shop or help desk it comes from.",
			"conn_need_kinds":      "Kinds: choose at least one kind of record the connection may write.",
			"conn_tool_secret": "Secret: %s makes the secret its webhooks are signed with; paste the one it shows " +
				"(README, Live connections, says where).",
			"conn_short_secret": "Secret: at least %d characters (paste the one the tool shows, or leave it empty to have one made).",
			"conn_secret_in_use": "Secret: connection '%s' uses this secret already; give each connection a secret of its own " +
				"(a delivery to one would otherwise be taken by the other too).",
			"conn_long_secret": "Secret: at most %d bytes.",
			"conn_long_token":  "API token: at most %d bytes.",
			"conn_token_chars": "API token: only visible ASCII characters, no spaces (paste the token the tool shows).",
			"conn_token_unused": "API token: %s's webhooks carry what they write, so klantpuls never asks its API; " +
				"leave the token out (only %s take one).",
			"followup_none_ticked": "Tick at least one answer to assign.",
			"unknown_kind":         "unknown kind %q (want one of %s)",
			"followup_bad_owner":   "Owner: %v is not a user; choose one from the list.",
			"not_found/page":       "What %s shows is not (or no longer) here.",
			"not_found/upload":     "This upload is not (or no longer) on this server: upload the file again. With several servers behind a load balancer, a session's import pages belong to one server (sticky sessions, see docs/import.md).",
			"not_found/import":     "There is no import %v.",
			"not_found/site":       "There is no web site %q (any more).",
			"not_found/connection": "There is no connection %q (any more).",
			"not_found/mapping":    "There is no column mapping %q (any more).",
			"not_found/user":       "There is no user %v (any more).",
			"not_found/rejects":    "The rejects file of this import is not (or no longer) on this server.",
			"not_found/wall":       "There is no wall screen %v (any more).",
			"not_found/survey":     "There is no survey %v.",
			"not_found/token":      "There is no token %v (any more).",
			"not_found/customer":   "Customer %q: no record names this customer (or the customer was erased).",
			"not_found/order":      "There is no order %q.",
			"not_found/ticket":     "There is no ticket %q.",
			"not_found/message":    "There is no message %q.",
			"not_found/response":   "There is no answer %q.",
			"not_found/mention":    "There is no mention %q.",
			"not_found/review":     "There is no quality review %q.",
			"not_found/event":      "There is no event %q.",
		},
	})
}

// What a customer's page refuses (survey_public.go; survey/form), in the invitation's language.
// Besides a too long comment (kept in the box) a browser meets only the body's bound and the
// limits; the rest is of a form no browser sends as the page made it.
func init() {
	addWords(map[string]map[string]string{
		"nl": {
			"answer_no_score":            "Kies een score.",
			"answer_bad_score":           "Kies een heel getal van %d tot %d.",
			"answer_sent_twice":          "Het formulier stuurde een veld twee keer. Open de link opnieuw en verstuur uw antwoord nog eens.",
			"answer_score_with_response": "Het formulier stuurde een score (score) met een toelichting op een eerder antwoord (response). Verstuur een score, of een toelichting, niet beide.",
			"answer_not_found":           "Dit antwoord hoort niet bij deze link. Open de link opnieuw.",
			"answer_not_utf8":            "Uw toelichting bevat tekens die niet te lezen zijn. Typ haar opnieuw en verstuur haar nog eens.",
			"answer_form_too_large":      "Wat u verstuurde is te groot (hoogstens %d MB). Een toelichting heeft hoogstens %d tekens.",
			"answer_form_unread":         "Het formulier kwam niet helemaal aan. Verstuur het nog eens.",
			"too_many":                   "Te veel verzoeken kort na elkaar. Probeer het over %s opnieuw.",
			// The guard's refusals (middleware.go, routes.go), with the reason.
			"guard_login":        "Log in om dit te zien; een programma stuurt een API-token mee (Authorization: Bearer …).",
			"guard_session":      "Hiervoor moet iemand inloggen; een API-token opent deze pagina niet.",
			"guard_role/admin":   "Dit is niet voor uw rol (beheerder).",
			"guard_role/manager": "Dit is niet voor uw rol (manager).",
			"guard_role/agent":   "Dit is niet voor uw rol (medewerker).",
			"method_not_allowed": "%s kan met %s, niet met %s.",
			"guard_cross_site":   "Een formulier of verzoek van een andere website wordt geweigerd (bescherming tegen cross-site request forgery).",
		},
		"en": {
			"answer_no_score":            "Choose a score.",
			"answer_bad_score":           "Choose a whole number from %d to %d.",
			"answer_sent_twice":          "The form sent a field twice. Open the link again and send your answer once more.",
			"answer_score_with_response": "The form sent a score (score) with a comment on an earlier answer (response). Send a score, or a comment, not both.",
			"answer_not_found":           "This answer does not belong to this link. Open the link again.",
			"answer_not_utf8":            "Your comment holds characters that cannot be read. Type it again and send it once more.",
			"answer_form_too_large":      "What you sent is too large (at most %d MB). A comment has at most %d characters.",
			"answer_form_unread":         "The form did not arrive whole. Send it again.",
			"too_many":                   "Too many requests in a short time. Try again in %s.",
			"guard_login":                "Log in to see this; a program sends an API token (Authorization: Bearer …).",
			"guard_session":              "This needs someone to log in; an API token does not open this page.",
			"guard_role/admin":           "Your role (admin) may not do this.",
			"guard_role/manager":         "Your role (manager) may not do this.",
			"guard_role/agent":           "Your role (agent) may not do this.",
			"method_not_allowed":         "%s takes %s, not %s.",
			"guard_cross_site":           "A form or request from another site is refused (cross-site request forgery protection).",
		},
	})
}
