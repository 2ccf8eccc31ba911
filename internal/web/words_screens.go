package web

// screenWords are the words of the wall screen (/tv), its link on the tokens page and the
// page that connects a screen, Dutch and English, added to words at start.
var screenWords = map[string]map[string]string{
	"nl": {
		"tv_title":          "Wandscherm",
		"audit_wall_create": "Wandscherm aangemaakt", "audit_wall_delete": "Wandscherm ingetrokken",
		"walls": "Wandschermen", "walls_caption": "Schermen die het dashboard tonen zonder in te loggen",
		"walls_help": "Een wandscherm toont het dashboard groot en donker op een scherm aan de muur, wisselt elke 20 seconden van pagina " +
			"en werkt zichzelf bij. Het kan alleen kijken, niets wijzigen, en blijft verbonden tot u het hier intrekt.",
		"wall_once": "Open deze link één keer op het scherm aan de muur; hij wordt niet nog eens getoond. " +
			"Het scherm bewaart daarna zelf een sleutel en blijft verbonden tot u het intrekt.",
		"no_walls": "Nog geen wandschermen.", "new_wall": "Nieuw wandscherm", "wall_pages": "Pagina's",
		"wall_create": "Link maken", "wall_revoke": "Intrekken",
		"wall_page_overview": "Overzicht", "wall_page_service": "Service", "wall_page_team": "Team", "wall_page_why": "Waarom",
		"wall_no_pages":      "Dit wandscherm toont geen pagina's.",
		"wall_loading":       "De cijfers worden opgehaald…",
		"wall_pause":         "Wisselen pauzeren",
		"wall_connect_title": "Scherm verbinden",
		"wall_connect_help": "Open op dit scherm de wandschermlink die een beheerder op de pagina API-tokens maakte; " +
			"het scherm verbindt zich dan vanzelf. Zonder JavaScript: plak hier het deel van de link na het #-teken.",
		"wall_secret": "Code uit de link", "wall_connect": "Verbinden",
		"wall_unknown": "Deze code is onbekend of ingetrokken. Vraag een beheerder om een nieuwe wandschermlink.",
		"wall_revoked": "Dit scherm is niet meer verbonden: de link is ingetrokken, of wie hem maakte mag de cijfers niet meer zien. Vraag een beheerder om een nieuwe wandschermlink.",
	},
	"en": {
		"tv_title":          "Wall screen",
		"audit_wall_create": "Wall screen created", "audit_wall_delete": "Wall screen revoked",
		"walls": "Wall screens", "walls_caption": "Screens that show the dashboard without a login",
		"walls_help": "A wall screen shows the dashboard large and dark on a screen on the wall, moves to the next page every 20 seconds " +
			"and updates itself. It can only look, never change anything, and stays connected until you revoke it here.",
		"wall_once": "Open this link once on the screen on the wall; it is not shown again. " +
			"The screen then keeps a key of its own and stays connected until you revoke it.",
		"no_walls": "No wall screens yet.", "new_wall": "New wall screen", "wall_pages": "Pages",
		"wall_create": "Make a link", "wall_revoke": "Revoke",
		"wall_page_overview": "Overview", "wall_page_service": "Service", "wall_page_team": "Team", "wall_page_why": "Why",
		"wall_no_pages":      "This wall screen shows no pages.",
		"wall_loading":       "Fetching the figures…",
		"wall_pause":         "Pause the rotation",
		"wall_connect_title": "Connect this screen",
		"wall_connect_help": "Open the wall screen link an administrator made on the API tokens page on this screen; " +
			"it then connects by itself. Without JavaScript: paste the part of the link after the # sign here.",
		"wall_secret": "Code from the link", "wall_connect": "Connect",
		"wall_unknown": "This code is unknown or revoked. Ask an administrator for a new wall screen link.",
		"wall_revoked": "This screen is no longer connected: its link was revoked, or whoever made it may no longer see the figures. Ask an administrator for a new wall screen link.",
	},
}

func init() { addWords(screenWords) }
