package pull

import "github.com/klantpuls/klantpuls/internal/importer"

// SetupError is a sync refused before it asks the help desk anything: the config file or the
// environment does not set the service up (no account, no secret, no cursor and no --since).
// Error words it in English, for serve's log; In in the language of `klantpuls sync`, which
// says every refusal in its user's language.
type SetupError importer.Message

func (e *SetupError) Error() string { return e.In(importer.English) }

// In words the refusal in l.
func (e *SetupError) In(l importer.Lang) string { return importer.Message(*e).In(l) }

var (
	errNoZendeskAccount = &SetupError{
		EN: "no Zendesk account configured: give [sync.zendesk] subdomain (or url) and email in the config file",
		NL: "geen Zendesk-account ingesteld: geef onder [sync.zendesk] subdomain (of url) en email in het configuratiebestand"}
	errNoZendeskToken = &SetupError{
		EN: "no Zendesk API token: set $KLANTPULS_ZENDESK_TOKEN (Zendesk Admin Center > Apps and integrations > APIs > Zendesk API: turn on Token access, add an API token)",
		NL: "geen Zendesk-API-token: zet $KLANTPULS_ZENDESK_TOKEN (Zendesk Admin Center > Apps and integrations > APIs > Zendesk API: zet Token access aan en voeg een API-token toe)"}
	errNoFreshdeskAccount = &SetupError{
		EN: "no Freshdesk account configured: give [sync.freshdesk] domain (or url) in the config file",
		NL: "geen Freshdesk-account ingesteld: geef onder [sync.freshdesk] domain (of url) in het configuratiebestand"}
	errNoFreshdeskKey = &SetupError{
		EN: "no Freshdesk API key: set $KLANTPULS_FRESHDESK_KEY (Freshdesk: your profile picture > Profile settings > View API key)",
		NL: "geen Freshdesk-API-sleutel: zet $KLANTPULS_FRESHDESK_KEY (Freshdesk: uw profielfoto > Profile settings > View API key)"}
	errNoCursor = &SetupError{
		EN: "no cursor yet: give --since (such as --since 2026-01-01) for the first sync, how far back to read",
		NL: "nog geen cursor: geef bij de eerste sync --since (zoals --since 2026-01-01), hoe ver terug die leest"}
)
