package soak

import (
	"fmt"
	"hash/fnv"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// versionAttr is the extra column every soak record carries: which version of the record it
// is (1 when new, one more with each update). Unknown columns are kept as attributes, so the
// stored version tells whether the last acknowledged update won.
const versionAttr = "soak_version"

// kinds the writers and imports send. Reviews need scorecard criteria in a config; the
// default config has none.
var soakKinds = []cx.Kind{cx.KindTickets, cx.KindResponses, cx.KindMessages, cx.KindCustomers,
	cx.KindOrders, cx.KindMentions, cx.KindEvents}

// columns of each kind, in the order the CSV files have them.
var columns = map[cx.Kind][]string{
	cx.KindTickets:   {"ticket_id", "created_at", "channel", "team", "agent", "first_reply_at", "solved_at", "reopens", versionAttr},
	cx.KindResponses: {"response_id", "survey", "score", "submitted_at", "channel", "comment", versionAttr},
	cx.KindMessages:  {"message_id", "ticket_id", "at", "author", "agent", versionAttr},
	cx.KindCustomers: {"customer_id", "acquired_at", "name", "segment", versionAttr},
	cx.KindOrders:    {"order_id", "customer_id", "ordered_at", "amount", "gross_margin", versionAttr},
	cx.KindMentions:  {"mention_id", "source", "at", "text", versionAttr},
	cx.KindEvents:    {"event_id", "customer_id", "kind", "at", versionAttr},
}

// window is where the records' instants fall: the 120 days ending 30 days ago, so every
// dashboard period up to a year shows them and no instant is in the future.
type window struct{ start time.Time }

func newWindow(now time.Time) window {
	return window{start: now.UTC().Truncate(24*time.Hour).AddDate(0, 0, -150)}
}

const windowSeconds = 120 * 24 * 3600

// period is the report period that holds every record: longer than a year, so CLV counts the
// orders of the whole period (metrics.md section 3) rather than the last twelve months.
func (w window) period() (from, to string) {
	return w.start.AddDate(0, 0, -250).Format(time.DateOnly), w.start.AddDate(0, 0, 160).Format(time.DateOnly)
}

func hashOf(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// at is a record's instant: fixed by its id, so an update never moves it.
func (w window) at(id string) time.Time {
	return w.start.Add(time.Duration(hashOf(id)%windowSeconds) * time.Second)
}

func stamp(t time.Time) string { return t.Format(time.RFC3339) }

// hasComment tells which answers carry a comment: fixed by the id, so the number of feedback
// items (answers with a comment, plus mentions) is known from the ids alone.
func hasComment(id string) bool { return hashOf(id)%4 == 0 }

// messageTicket is the ticket a message belongs to: its id is the ticket's id, a dot and a
// number.
func messageTicket(id string) string {
	ticket, _, _ := strings.Cut(id, ".m")
	return ticket
}

var (
	channels = []string{"email", "chat", "phone"}
	teams    = []string{"Support NL", "Support BE"}
	agents   = []string{"Anna", "Bram", "Chris", "Daan"}
	segments = []string{"mkb", "zzp", "zakelijk"}
	surveys  = []struct {
		name     string
		min, max int
	}{{"nps", 0, 10}, {"csat", 1, 5}, {"ces", 1, 7}}
	comments = []string{"Snel en vriendelijk geholpen, dank je wel!", "Het duurde veel te lang voordat iemand reageerde.",
		"Prima service.", "Great help, thanks.", "Pakket kwam beschadigd aan & niemand belde terug <teleurgesteld>"}
	mentionTexts = []string{"Top klantenservice van @winkel", "Al drie dagen geen antwoord op mijn mail", "Bestelling netjes op tijd",
		"Worst support ever", "Dank voor de snelle hulp 👍"}
	eventKinds = []string{"training", "loyalty_program"}
)

// values are a record's cells in the order of its kind's columns; "" is an absent value.
// Everything but the id's instant and kind-defining fields changes with the version.
func (w window) values(kind cx.Kind, id string, version int) []string {
	h := hashOf(id)
	v := uint64(version)
	at := w.at(id)
	switch kind {
	case cx.KindTickets:
		solved, reopens := "", ""
		if version > 1 {
			solved = stamp(at.Add(time.Duration(version) * time.Hour))
			reopens = strconv.Itoa(version - 2)
		}
		return []string{id, stamp(at), channels[h%3], teams[h%2], agents[h%4],
			stamp(at.Add(time.Duration(60+h%7200) * time.Second)), solved, reopens, strconv.Itoa(version)}
	case cx.KindResponses:
		s := surveys[h%3]
		score := s.min + int((h/3+v)%uint64(s.max-s.min+1))
		comment := ""
		if hasComment(id) {
			comment = comments[(h+v)%uint64(len(comments))]
		}
		return []string{id, s.name, strconv.Itoa(score), stamp(at), channels[h%3], comment, strconv.Itoa(version)}
	case cx.KindMessages:
		author, agent := "customer", ""
		if (h+v)%2 == 0 {
			author, agent = "agent", agents[h%4]
		}
		ticket := messageTicket(id)
		return []string{id, ticket, stamp(w.at(ticket).Add(time.Duration(600+h%3600) * time.Second)), author, agent, strconv.Itoa(version)}
	case cx.KindCustomers:
		return []string{id, stamp(at), "Klant " + id, segments[(h+v)%3], strconv.Itoa(version)}
	case cx.KindOrders:
		cents := 500 + h%20000 + v*100
		return []string{id, fmt.Sprintf("cust-%d", h%500), stamp(at), fmt.Sprintf("%d.%02d", cents/100, cents%100), "0.40", strconv.Itoa(version)}
	case cx.KindMentions:
		return []string{id, []string{"twitter", "trustpilot"}[h%2], stamp(at), mentionTexts[(h+v)%uint64(len(mentionTexts))], strconv.Itoa(version)}
	case cx.KindEvents:
		return []string{id, fmt.Sprintf("cust-%d", h%500), eventKinds[(h+v)%2], stamp(at), strconv.Itoa(version)}
	}
	panic("soak: no values for kind " + string(kind))
}

// object is a record as the JSON API takes it: every value as a string, absent ones left out.
func (w window) object(kind cx.Kind, id string, version int) map[string]string {
	obj := map[string]string{}
	for i, v := range w.values(kind, id, version) {
		if v != "" {
			obj[columns[kind][i]] = v
		}
	}
	return obj
}

// idPrefix is the first letter of a kind in record ids ("w1-t-000042").
func idPrefix(kind cx.Kind) string {
	if kind == cx.KindMentions {
		return "n"
	}
	return string(kind)[:1]
}

// storedVersion reads the soak version a stored record carries (0 when it has none). Every
// record type keeps its attributes in a field Attrs.
func storedVersion(rec cx.Record) int {
	attrs, _ := reflect.ValueOf(rec).Elem().FieldByName("Attrs").Interface().(cx.Attrs)
	v, _ := strconv.Atoi(attrs[versionAttr])
	return v
}
