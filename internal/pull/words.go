package pull

import (
	"slices"

	"github.com/klantpuls/klantpuls/internal/importer"
)

// Said is what goes wrong while a sync runs, worded as a SetupError is: Error in English, for
// serve's log, In in the language of `klantpuls sync`. Args are the message's; one that is
// Said itself is worded in the same language. Cause, when set, is the error underneath (a
// connection's), which Args may show in its own words.
type Said struct {
	Msg   importer.Message
	Args  []any
	Cause error
}

func said(m importer.Message, args ...any) *Said { return &Said{Msg: m, Args: args} }

func (s *Said) Error() string { return s.In(importer.English) }

// Unwrap returns Cause.
func (s *Said) Unwrap() error { return s.Cause }

// In words s in l.
func (s *Said) In(l importer.Lang) string {
	args := slices.Clone(s.Args)
	for i, a := range args {
		if w, ok := a.(*Said); ok {
			args[i] = w.In(l)
		}
	}
	return s.Msg.In(l, args...)
}

// The words of a sync's failures while it runs, in both languages.
var (
	msgHeld = importer.Message{
		EN: "another klantpuls process is syncing this service now",
		NL: "een ander klantpuls-proces synchroniseert deze dienst nu"}
	msgLimited = importer.Message{
		EN: "%d %s after %d waits: %s is limiting this account; the next sync continues from here",
		NL: "%d %s na %d keer wachten: %s beperkt dit account; de volgende sync gaat hier verder"}
	msgUnreachable = importer.Message{
		EN: "%s: %v (is %s reachable from here?)",
		NL: "%s: %v (is %s vanaf hier bereikbaar?)"}
	msgBrokeOff = importer.Message{
		EN: "%s: the answer broke off after %d bytes (%v); nothing of it was kept, the next sync asks again",
		NL: "%s: het antwoord brak af na %d bytes (%v); er is niets van bewaard, de volgende sync vraagt het opnieuw"}
	msgTooLarge = importer.Message{
		EN: "the answer is over %d MB; no page of %s is that large",
		NL: "het antwoord is groter dan %d MB; geen pagina van %s is zo groot"}
	msgWaitTooLong = importer.Message{
		EN: "%d %s: %s asks to wait %v (Retry-After: %s), longer than %v; the next sync continues from here",
		NL: "%d %s: %s vraagt %v te wachten (Retry-After: %s), langer dan %v; de volgende sync gaat hier verder"}
	msgCredentials = importer.Message{
		EN: "%d %s: %s refused the credentials; check %s",
		NL: "%d %s: %s weigerde de inloggegevens; controleer %s"}
	msgNotFound = importer.Message{
		EN: "%d %s: is %s the address of your %s account, and is the feature on in its plan?",
		NL: "%d %s: is %s het adres van uw %s-account, en zit de functie in het abonnement?"}
	msgServiceTrouble = importer.Message{
		EN: "%d %s: %s has a problem; the next sync asks again",
		NL: "%d %s: %s heeft een probleem; de volgende sync vraagt het opnieuw"}
	msgStatus  = importer.Message{EN: "%d %s (%s)", NL: "%d %s (%s)"}
	msgNotJSON = importer.Message{
		EN: "the answer is not JSON (%s, starting %q): is %s the address of your %s account?",
		NL: "het antwoord is geen JSON (%s, beginnend met %q): is %s het adres van uw %s-account?"}
	msgNoContentType = importer.Message{EN: "no Content-Type", NL: "geen Content-Type"}
	msgJSONBrokeOff  = importer.Message{
		EN: "the answer's JSON breaks off after %d bytes: the connection was cut; nothing of this page was kept, the next sync asks again",
		NL: "de JSON van het antwoord breekt af na %d bytes: de verbinding werd verbroken; er is niets van deze pagina bewaard, de volgende sync vraagt het opnieuw"}
	msgFieldType = importer.Message{
		EN: "the answer's field %q is a JSON %s where the documented page has another type: is this %s's API?",
		NL: "het veld %q van het antwoord is een JSON-%s waar de gedocumenteerde pagina een ander type heeft: is dit de API van %s?"}
	msgBadJSON = importer.Message{
		EN: "the answer is not valid JSON (%v)",
		NL: "het antwoord is geen geldige JSON (%v)"}
	msgBadCursor = importer.Message{
		EN: "the stored cursor %q is not one klantpuls wrote",
		NL: "de opgeslagen cursor %q is er geen die klantpuls schreef"}
	msgNotATime = importer.Message{
		EN: "an item's %s %q is not a time: is this Freshdesk's API?",
		NL: "%s %q van een item is geen tijdstip: is dit de API van Freshdesk?"}
	msgPastLastPage = importer.Message{
		EN: "Freshdesk lists no page past %d; so many items of one second cannot be read through this list",
		NL: "Freshdesk toont geen pagina na %d; zoveel items van één seconde kunnen niet via deze lijst worden gelezen"}
	msgNoTicketID = importer.Message{
		EN: "a ticket of the list has no id: is this Freshdesk's API?",
		NL: "een ticket van de lijst heeft geen id: is dit de API van Freshdesk?"}
	msgNotIncremental = importer.Message{
		EN: "the answer lacks tickets, end_of_stream or after_cursor: is this Zendesk's incremental export?",
		NL: "het antwoord mist tickets, end_of_stream of after_cursor: is dit de incrementele export van Zendesk?"}
	msgNotRatings = importer.Message{
		EN: "the answer lacks satisfaction_ratings or meta.has_more and meta.after_cursor: is this Zendesk's satisfaction ratings list, cursor paginated?",
		NL: "het antwoord mist satisfaction_ratings of meta.has_more en meta.after_cursor: is dit de lijst van tevredenheidsbeoordelingen van Zendesk, gepagineerd met een cursor?"}
	msgCheckZendesk = importer.Message{
		EN: "[sync.zendesk] email (%s) and the token in $KLANTPULS_ZENDESK_TOKEN, and that token access is on in the Zendesk API settings",
		NL: "[sync.zendesk] email (%s) en het token in $KLANTPULS_ZENDESK_TOKEN, en of Token access aan staat in de API-instellingen van Zendesk"}
	msgCheckFreshdesk = importer.Message{
		EN: "the API key in $KLANTPULS_FRESHDESK_KEY",
		NL: "de API-sleutel in $KLANTPULS_FRESHDESK_KEY"}
)
