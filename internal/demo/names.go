package demo

import (
	"math/rand/v2"
	"strings"
)

// Customer segments and their share of new customers. Business and premium customers buy more
// and leave less: the segment split of the dashboard should show it.
var segments = []struct {
	name   string
	share  float64
	churn  float64 // probability of leaving within a year
	orders float64 // relative order frequency
	basket float64 // relative order amount
}{
	{"Particulier", 0.82, 0.128, 1.0, 1.0},
	{"Zakelijk", 0.12, 0.09, 3.0, 1.8},
	{"Premium", 0.06, 0.05, 2.0, 1.4},
}

const (
	segParticulier = 0
	segZakelijk    = 1
	segPremium     = 2
)

var firstNames = []string{
	"Anouk", "Sanne", "Lisa", "Emma", "Julia", "Sophie", "Fleur", "Iris", "Eva", "Femke",
	"Noa", "Tess", "Lotte", "Maud", "Fenna", "Zoë", "Daniëlle", "Chloë", "Inge", "Marloes",
	"Annemiek", "Petra", "Hanneke", "Yasmina", "Fatima", "Priya", "Ayşe", "Mirjam", "Esther", "Nadia",
	"Daan", "Sem", "Lucas", "Milan", "Thijs", "Jesse", "Ruben", "Bram", "Stijn", "Luuk",
	"Jeroen", "Martijn", "Sander", "Bas", "Wouter", "Pieter", "Koen", "Niels", "Tim", "Gijs",
	"Mohammed", "Youssef", "Emre", "Rajesh", "Noël", "René", "Hendrik", "Kees", "Joost", "Arjen",
}

var surnamesNL = []string{
	"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
	"Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
	"van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
	"van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen",
	"van den Broek", "de Bruijn", "van der Heijden", "Schouten", "van Beek", "van Vliet",
	"van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster", "van Dam", "Prins", "Blom",
	"Huisman", "'t Hart", "Kuipers", "Postma", "Yılmaz", "El Amrani", "Bouzid", "Nguyen",
	"Ramdin", "Öztürk", "Kramer", "Zwart", "Boersma", "Wijnands",
}

var surnamesBE = []string{
	"Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
	"Wouters", "De Smet", "Dubois", "Lambrechts", "Van Damme", "D'Hondt", "Verbeke",
	"Vermeersch", "De Backer", "Hermans", "Coppens", "Van de Velde",
}

var companyWords = []string{
	"Bouw", "Installatietechniek", "Fietskoeriers", "Hoveniers", "Schoonmaak", "Zorg",
	"Architecten", "Advies", "Logistiek", "Catering", "Tandartsen", "Makelaardij",
}

var companyForms = []string{"B.V.", "B.V.", "VOF", "& Zn.", "B.V.", "BV"}

// personName draws a first name and a Dutch or Flemish surname.
func personName(r *rand.Rand, belgian bool) (first, last string) {
	first = firstNames[r.IntN(len(firstNames))]
	if belgian {
		return first, surnamesBE[r.IntN(len(surnamesBE))]
	}
	return first, surnamesNL[r.IntN(len(surnamesNL))]
}

// customerContact returns a display name and an e-mail address on a reserved example domain.
func customerContact(r *rand.Rand, seg uint8, belgian bool) (name, email string) {
	first, last := personName(r, belgian)
	if seg == segZakelijk {
		name = capitalize(last) + " " + companyWords[r.IntN(len(companyWords))] + " " +
			companyForms[r.IntN(len(companyForms))]
		return name, "inkoop." + mailPart(name) + "@example.com"
	}
	name = first + " " + last
	local := mailPart(first) + "." + mailPart(last)
	if r.IntN(2) == 0 {
		local += string(rune('0'+r.IntN(10))) + string(rune('0'+r.IntN(10)))
	}
	domain := "@example.nl"
	if belgian || r.IntN(4) == 0 {
		domain = "@example.com"
	}
	return name, local + domain
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// fold turns names into the ASCII letters an e-mail address would use.
var fold = strings.NewReplacer("ë", "e", "é", "e", "è", "e", "ï", "i", "ı", "i", "ö", "o",
	"ü", "u", "ş", "s", "ç", "c", "Ö", "o", "&", "en")

func mailPart(s string) string {
	s = strings.ToLower(fold.Replace(s))
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Teams of the service desk.
const (
	teamNL = iota
	teamBE
	teamComplaints
)

var teams = []string{"Support NL", "Support BE", "Klachten"}

// teamLeads review the quality of their team's conversations.
var teamLeads = []string{"Marieke Bos", "Koen Verbruggen", "Hanneke Smit"}

// agent is one member of the service team. speed scales their reply delays (below 1 is
// faster) and quality shifts how customers and reviewers rate them, so the per-agent view of
// the dashboard has something to find.
type agent struct {
	name     string
	team     int
	speed    float64
	quality  float64
	startDay int // first day at work, counted from the start of the data
}

var agents = []agent{
	{"Sanne", teamNL, 0.9, 0.25, 0},
	{"Daan", teamNL, 1.0, 0.05, 0},
	{"Lotte", teamNL, 1.1, 0.2, 0},
	{"Bram", teamNL, 0.6, -0.35, 0}, // fast, but customers feel rushed
	{"Fleur", teamNL, 1.0, 0.1, 0},
	{"Joris", teamNL, 1.3, 0.0, 0},
	{"Noor", teamNL, 1.2, -0.1, 120}, // new hire in March: slower and less sure at first
	{"Wout", teamBE, 1.0, 0.15, 0},
	{"Elien", teamBE, 0.9, 0.3, 0},
	{"Jens", teamBE, 1.15, -0.05, 0},
	{"Ingrid", teamComplaints, 1.4, 0.35, 0}, // slow and thorough
	{"Martijn", teamComplaints, 1.1, 0.1, 0},
}

// teamAgents lists agent indices per team.
var teamAgents = func() [][]int {
	out := make([][]int, len(teams))
	for i, a := range agents {
		out[a.team] = append(out[a.team], i)
	}
	return out
}()

// pickAgent draws who handles a ticket of a team on day d: mostly someone of the team, now and
// then a colleague of another team who helps out (never for complaints: those need Klachten).
func pickAgent(r *rand.Rand, team, d int) int {
	for {
		pool := teamAgents[team]
		if team != teamComplaints && chance(r, 0.06) {
			pool = teamAgents[r.IntN(len(teams))]
		}
		a := pool[r.IntN(len(pool))]
		if agents[a].startDay <= d {
			return a
		}
	}
}
