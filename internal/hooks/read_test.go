package hooks

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// A read case: a delivery in the source's documented shape (testdata, each file citing its
// page in sources/*.toml) and what it writes. The records are written out by hand from the
// payload, in the records' JSON (data.md's field names, instants in UTC), so a mapping that
// reads a wrong member or a time in a wrong zone fails here.
type readCase struct {
	name      string
	source    string
	event     string // the event's header, query parameter or nothing (the body names it)
	body      string // a file under testdata
	id        string // the delivery id expected
	records   []string
	patches   []string // kind id doc
	deletes   []string // kind id
	deletesBy []string // kind attr=value
	erase     []string
	ignored   string // a part of the reason
	err       string // a part of the refusal
}

var readCases = []readCase{
	{name: "shopify order created", source: "shopify", event: "orders/create", body: "shopify-order.json", id: "evt-1",
		records: []string{ // in the order of cx.Kinds
			// The order's customer completes the stored one (app): it is marked so.
			`completes, earliest acquired_at: {"customer_id":"anna@example.nl","acquired_at":"2025-11-02T09:15:00Z","name":"Anna de Vries"}`,
			// updated_at 09:00+01:00: the version the write compares, kept as an attribute.
			`version 2026-03-14T08:00:00Z: {"order_id":"#1001","customer_id":"anna@example.nl","ordered_at":"2026-03-13T13:04:12Z","amount":54.85,"attrs":{"shopify_id":"5839124410567","source_updated_at":"2026-03-14T08:00:00Z"}}`,
		}},
	{name: "shopify customer created", source: "shopify", event: "customers/create", body: "shopify-customer.json", id: "evt-1",
		records: []string{`version 2026-03-14T08:58:40Z, updates customer_id, acquired_at, name, source_updated_at: {"customer_id":"bram@example.com","acquired_at":"2026-03-14T08:58:40Z","name":"Bram Smit","attrs":{"source_updated_at":"2026-03-14T08:58:40Z"}}`}},
	{name: "shopify customer redacted", source: "shopify", event: "customers/redact", body: "shopify-redact.json", id: "evt-1",
		erase: []string{"anna@example.nl"}},
	// orders/delete carries only the order's number id: the order is the one stored with it.
	{name: "shopify order deleted", source: "shopify", event: "orders/delete", body: "shopify-delete.json", id: "evt-1",
		deletesBy: []string{"orders shopify_id=5839124410567"}},
	// The Order resource (https://shopify.dev/docs/api/admin-rest/latest/resources/order):
	// financial_status "voided" is a payment voided, cancelled_at when the order was cancelled,
	// and current_total_price "reflects order edits, returns, and refunds": a cancel with a
	// voided payment is none of these, so it stays 64.85 although the customer paid nothing. The
	// order is no sale (as a cancelled WooCommerce order is none): the stored one is deleted.
	// The deletion keeps the order's updated_at (15:00+01:00): an older orders/updated delivered
	// after it does not bring the order back.
	{name: "shopify order voided is no sale", source: "shopify", event: "orders/updated", body: "shopify-order-voided.json", id: "evt-2",
		deletes: []string{"version 2026-03-13T14:00:00Z: orders #1002"}},
	// Cancelled after payment, the payment refunded: cancelled_at alone makes it no sale.
	{name: "shopify order cancelled is no sale", source: "shopify", event: "orders/updated", body: "shopify-order-cancelled.json", id: "evt-2",
		deletes: []string{"version 2026-03-13T14:00:00Z: orders #1002"}},
	{name: "shopify orders/cancelled", source: "shopify", event: "orders/cancelled", body: "shopify-order-voided.json", id: "evt-2",
		deletes: []string{"version 2026-03-13T14:00:00Z: orders #1002"}},
	// Pending: a manual payment method, or a provider that needs time; a sale, as WooCommerce's
	// on-hold. 14:04:12+01:00 is 13:04:12Z; the version 15:00+01:00 is 14:00Z.
	{name: "shopify order pending is a sale", source: "shopify", event: "orders/updated", body: "shopify-order-pending.json", id: "evt-2",
		records: []string{
			`completes, earliest acquired_at: {"customer_id":"anna@example.nl","acquired_at":"2025-11-02T09:15:00Z","name":"Anna de Vries"}`,
			`version 2026-03-13T14:00:00Z: {"order_id":"#1002","customer_id":"anna@example.nl","ordered_at":"2026-03-13T13:04:12Z","amount":64.85,"attrs":{"shopify_id":"5839124410568","source_updated_at":"2026-03-13T14:00:00Z"}}`,
		}},
	{name: "shopify topic not read", source: "shopify", event: "products/create", body: "shopify-delete.json", id: "evt-1",
		ignored: `event "products/create" is not read`},

	// Net: 64.85 less the refunds of 10.00 and 2.50 = 52.35; date_created_gmt is UTC.
	{name: "woocommerce order", source: "woocommerce", event: "order.updated", body: "woocommerce-order.json", id: "a1b2",
		records: []string{`version 2026-03-14T09:00:00Z: {"order_id":"727","customer_id":"bram@example.com","ordered_at":"2026-03-13T13:05:00Z","amount":52.35,"attrs":{"source_updated_at":"2026-03-14T09:00:00Z"}}`}},
	{name: "woocommerce order deleted", source: "woocommerce", event: "order.deleted", body: "woocommerce-deleted.json", id: "a1b2",
		deletes: []string{"orders 727"}},
	// Cancelled after an earlier delivery wrote it (on hold, the bank transfer never came):
	// WooCommerce Analytics leaves a cancelled order out, and klantpuls deletes it.
	{name: "woocommerce order cancelled", source: "woocommerce", event: "order.updated", body: "woocommerce-cancelled.json", id: "a1b2",
		deletes: []string{"version 2026-03-14T09:00:00Z: orders 727"}},
	{name: "woocommerce order not paid", source: "woocommerce", event: "order.created", body: "woocommerce-pending.json", id: "a1b2",
		ignored: `status is "pending", not processing or completed or on-hold or refunded`},
	{name: "woocommerce customer", source: "woocommerce", event: "customer.created", body: "woocommerce-customer.json", id: "a1b2",
		records: []string{`version 2026-03-14T10:02:00Z, updates customer_id, acquired_at, name, source_updated_at: {"customer_id":"chris@example.org","acquired_at":"2026-03-14T09:58:40Z","name":"Chris Bakker","attrs":{"source_updated_at":"2026-03-14T10:02:00Z"}}`}},
	{name: "woocommerce ping", source: "woocommerce", body: "woocommerce-ping.txt", ignored: "ping"},

	{name: "typeform nps by question type", source: "typeform", body: "typeform-response.json", id: "01HQ8ZK3X7",
		records: []string{`{"response_id":"a3a12ec67a1365927098a606107fac15","survey":"nps","score":9,"submitted_at":"2026-03-13T13:03:41Z","customer_id":"anna@example.nl","comment":"Snel geleverd"}`}},
	// The question of ref "nps" wins over another scale question, its comment over none.
	{name: "typeform nps by ref", source: "typeform", body: "typeform-ref.json", id: "01HQ8ZK3X8",
		records: []string{`{"response_id":"b7c1","survey":"nps","score":6,"submitted_at":"2026-03-14T08:00:00Z","comment":"Te duur"}`}},
	{name: "typeform without a score", source: "typeform", body: "typeform-noscore.json", id: "01HQ8ZK3X9",
		ignored: "holds nothing klantpuls counts"},

	// Unix 1773406800 is 2026-03-13 13:00:00 UTC; 1773415800 is 15:30:00. The version,
	// updated_at 1773406800.25, is read to the second.
	{name: "chatwoot conversation created", source: "chatwoot", body: "chatwoot-conversation-created.json", id: "d-7",
		records: []string{`version 2026-03-13T13:00:00Z: {"ticket_id":"101","created_at":"2026-03-13T13:00:00Z","customer_id":"anna@example.nl","channel":"chat","team":"Support","agent":"Piet Jansen","direction":"inbound","attrs":{"source_updated_at":"2026-03-13T13:00:00Z"}}`}},
	// Taken out of its team: the team is removed, the rest written as it is now.
	{name: "chatwoot conversation updated", source: "chatwoot", body: "chatwoot-conversation-updated.json", id: "d-7",
		patches: []string{`version 2026-03-13T15:30:00Z: tickets 101 {"agent":"Piet Jansen","channel":"chat","customer_id":"anna@example.nl","first_reply_at":"2026-03-13T13:20:00Z","source_updated_at":"2026-03-13T15:30:00Z","team":null}`}},
	{name: "chatwoot conversation resolved", source: "chatwoot", body: "chatwoot-conversation-resolved.json", id: "d-7",
		patches: []string{`version 2026-03-13T15:30:00Z: tickets 101 {"solved_at":"2026-03-13T15:30:00Z","source_updated_at":"2026-03-13T15:30:00Z"}`}},
	{name: "chatwoot conversation reopened", source: "chatwoot", body: "chatwoot-conversation-reopened.json", id: "d-7",
		patches: []string{`version 2026-03-13T15:46:40Z: tickets 101 {"solved_at":null,"source_updated_at":"2026-03-13T15:46:40Z"}`}},
	{name: "chatwoot agent's message", source: "chatwoot", body: "chatwoot-message.json", id: "d-7",
		records: []string{`{"message_id":"502","ticket_id":"101","at":"2026-03-13T13:20:00Z","author":"agent","agent":"Piet Jansen"}`}},
	// Chatwoot counts a first reply only from a human (Message#human_response?, read by
	// valid_first_reply?, app/models/message.rb): an outgoing message sent by a User or echoed
	// from the channel's own app (content_attributes.external_echo), with no
	// content_attributes.automation_rule_id and no additional_attributes.campaign_id. data.md:
	// "bot and note messages are never replies".
	// An AgentBot's reply: sender = AgentBot#webhook_data, {"id","name","type":"agent_bot"}
	// (app/models/agent_bot.rb).
	{name: "chatwoot bot's outgoing message is a bot message", source: "chatwoot", body: "chatwoot-bot-message.json", id: "d-7",
		records: []string{`{"message_id":"503","ticket_id":"101","at":"2026-03-13T13:00:05Z","author":"bot"}`}},
	// An automation rule's "send message" action: outgoing, no sender, automation_rule_id set
	// (AutomationRules::ActionService#send_message, MessageBuilder with no user).
	{name: "chatwoot automation's outgoing message is a bot message", source: "chatwoot", body: "chatwoot-automation-message.json", id: "d-7",
		records: []string{`{"message_id":"504","ticket_id":"101","at":"2026-03-13T13:00:05Z","author":"bot"}`}},
	// A campaign's message is sent in the name of its sender, a user, with campaign_id set.
	{name: "chatwoot campaign's outgoing message is a bot message", source: "chatwoot", body: "chatwoot-campaign-message.json", id: "d-7",
		records: []string{`{"message_id":"506","ticket_id":"101","at":"2026-03-13T13:20:00Z","author":"bot","agent":"Piet Jansen"}`}},
	// An agent's answer from the WhatsApp Business app, echoed without a sender: a human reply.
	{name: "chatwoot reply echoed from the channel's app is an agent's", source: "chatwoot", body: "chatwoot-echo-message.json", id: "d-7",
		records: []string{`{"message_id":"505","ticket_id":"101","at":"2026-03-13T13:00:05Z","author":"agent"}`}},
	// Dated by the delivery's X-Chatwoot-Timestamp (readHeaders).
	{name: "chatwoot csat answer", source: "chatwoot", body: "chatwoot-csat.json", id: "d-7",
		records: []string{`{"response_id":"509","survey":"csat","score":4,"submitted_at":"2026-03-13T15:30:00Z","customer_id":"anna@example.nl","ticket_id":"101","agent":"Piet Jansen","comment":"Snel opgelost"}`}},
	// A rating a tool writes as 5.0 is the whole number 5, as the API and a JSON import file
	// read it; 4.5 is none.
	{name: "chatwoot csat answer written 5.0", source: "chatwoot", body: "chatwoot-csat-float.json", id: "d-7",
		records: []string{`{"response_id":"509","survey":"csat","score":5,"submitted_at":"2026-03-13T15:30:00Z","customer_id":"anna@example.nl","ticket_id":"101","agent":"Piet Jansen","comment":"Snel opgelost"}`}},
	{name: "chatwoot csat answer of 4.5", source: "chatwoot", body: "chatwoot-csat-half.json", id: "d-7",
		err: "not a whole number"},
	{name: "chatwoot message edited", source: "chatwoot", body: "chatwoot-message-edited.json", id: "d-7",
		ignored: `content_type is "text", not input_csat`},

	{name: "zendesk ticket created", source: "zendesk", body: "zendesk-created.json", id: "8350205582",
		records: []string{`version 2026-03-13T13:05:00Z: {"ticket_id":"4101","created_at":"2026-03-13T13:05:00Z","customer_id":"anna@example.nl","channel":"email","team":"Support","agent":"Piet Jansen","category":"Question","direction":"inbound","attrs":{"source_updated_at":"2026-03-13T13:05:00Z"}}`}},
	// Taken out of its group and made an incident.
	{name: "zendesk ticket updated", source: "zendesk", body: "zendesk-updated.json", id: "8350205582",
		patches: []string{`version 2026-03-13T13:05:00Z: tickets 4101 {"agent":"Piet Jansen","category":"Incident","customer_id":"anna@example.nl","source_updated_at":"2026-03-13T13:05:00Z","team":null}`}},
	// A patch carries the ticket's updated_at: not applied over a later change, and applied it
	// moves the stored version on.
	{name: "zendesk ticket solved", source: "zendesk", body: "zendesk-solved.json", id: "8350205582",
		patches: []string{`version 2026-03-13T15:45:00Z: tickets 4101 {"solved_at":"2026-03-13T15:45:00Z","source_updated_at":"2026-03-13T15:45:00Z"}`}},
	{name: "zendesk ticket reopened", source: "zendesk", body: "zendesk-reopened.json", id: "8350205582",
		patches: []string{`version 2026-03-13T16:10:00Z: tickets 4101 {"solved_at":null,"source_updated_at":"2026-03-13T16:10:00Z"}`}},
	{name: "zendesk rated bad", source: "zendesk", body: "zendesk-satisfaction.json", id: "8350205582",
		records: []string{`version 2026-03-14T08:10:00Z: {"response_id":"4101","survey":"csat","score":0,"submitted_at":"2026-03-14T08:10:00Z","customer_id":"anna@example.nl","ticket_id":"4101","team":"Support","agent":"Piet Jansen","comment":"Duurde te lang","scale":"good-bad","attrs":{"source_updated_at":"2026-03-14T08:10:00Z"}}`}},
	{name: "zendesk ticket deleted", source: "zendesk", body: "zendesk-deleted.json", id: "8350205582",
		deletes: []string{"tickets 4101"}},
	// The trigger on the tag closed_by_merge (README): a ticket merged into another is gone, as
	// Trengo's TICKET_MERGED deletes it.
	{name: "zendesk ticket merged into another", source: "zendesk", body: "zendesk-merged.json", id: "8350205582",
		deletes: []string{"tickets 4102"}},

	// Dated by the signed timestamp 1773406800 (readHeaders): 2026-03-13 13:00:00 UTC. Trengo
	// sends no delivery id: the signature header is one (the same delivery sent again has it).
	{name: "trengo inbound message", source: "trengo", id: trengoSignature, event: "INBOUND", body: "trengo-inbound.txt",
		records: []string{`{"message_id":"88123","ticket_id":"5531","at":"2026-03-13T13:00:00Z","author":"customer"}`}},
	{name: "trengo ticket created", source: "trengo", id: trengoSignature, event: "TICKET_CREATED", body: "trengo-closed.txt",
		records: []string{`{"ticket_id":"5531","created_at":"2026-03-13T13:00:00Z","direction":"inbound"}`}},
	// Assigned to a user: the agent written, the team (empty) kept as it is.
	{name: "trengo ticket assigned", source: "trengo", id: trengoSignature, event: "TICKET_ASSIGNED", body: "trengo-assigned.txt",
		patches: []string{`tickets 5531 {"agent":"Piet Jansen"}`}},
	{name: "trengo ticket closed", source: "trengo", id: trengoSignature, event: "TICKET_CLOSED", body: "trengo-closed.txt",
		patches: []string{`tickets 5531 {"solved_at":"2026-03-13T13:00:00Z"}`}},
	{name: "trengo ticket marked as spam", source: "trengo", id: trengoSignature, event: "TICKET_MARKED_AS_SPAM", body: "trengo-closed.txt",
		deletes: []string{"tickets 5531"}},
	{name: "trengo without ?event=", source: "trengo", body: "trengo-closed.txt", err: "the URL's ?event=: missing"},
	{name: "trengo voice call", source: "trengo", id: trengoSignature, event: "VOICE_CALL_STARTED", body: "trengo-closed.txt",
		ignored: `event "VOICE_CALL_STARTED" is not read`},

	// Times without an offset are the account's (Europe/Amsterdam: +01:00 on 13 March).
	// status_changed_on (14:05 in Amsterdam) is the ticket's version: Freshdesk's body has no
	// update time.
	{name: "freshdesk ticket created", source: "freshdesk", body: "freshdesk-created.json",
		records: []string{`version 2026-03-13T13:05:00Z: {"ticket_id":"771","created_at":"2026-03-13T13:05:00Z","customer_id":"bram@example.com","channel":"web","team":"Klantenservice","category":"Refund","direction":"inbound","attrs":{"source_updated_at":"2026-03-13T13:05:00Z"}}`}},
	{name: "freshdesk ticket resolved", source: "freshdesk", body: "freshdesk-resolved.json",
		patches: []string{`version 2026-03-13T16:20:00Z: tickets 771 {"solved_at":"2026-03-13T16:20:00Z","source_updated_at":"2026-03-13T16:20:00Z"}`}},
}

func (c readCase) delivery(t *testing.T, s *Source) *Delivery {
	t.Helper()
	body, err := os.ReadFile("testdata/" + c.body)
	if err != nil {
		t.Fatal(err)
	}
	d := &Delivery{Header: http.Header{}, Query: url.Values{}, Body: body}
	for _, h := range s.event.headers {
		d.Header.Set(h, c.event)
	}
	if s.event.query != "" {
		d.Query.Set(s.event.query, c.event)
	}
	for _, h := range s.id.headers[:min(1, len(s.id.headers))] {
		d.Header.Set(h, c.id)
	}
	for k, v := range readHeaders[c.source] {
		d.Header.Set(k, v)
	}
	return d
}

// trengoSignature is Trengo's header of the accepted verify case: "<unix>;<hex HMAC-SHA256>".
const trengoSignature = "1773406800;4b84cce5b7834d80d51f6d1e250ffa3f8a50113a4a50748b14bb110c8607766e"

// readHeaders are the signature headers of each source's accepted verify case, for a source
// whose payload takes the time it was sent from them (Trengo's).
var readHeaders = map[string]map[string]string{
	"chatwoot": {"X-Chatwoot-Timestamp": "1773415800"},
	"trengo":   {"Trengo-Signature": trengoSignature},
}

func TestRead(t *testing.T) {
	for _, c := range readCases {
		t.Run(c.name, func(t *testing.T) {
			s, ok := Lookup(c.source)
			if !ok {
				t.Fatalf("no source %q", c.source)
			}
			b, err := s.Read(c.delivery(t, s))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("got %v, want a refusal saying %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b.DeliveryID != c.id {
				t.Errorf("delivery id %q, want %q", b.DeliveryID, c.id)
			}
			var got []string
			for _, r := range b.Records {
				mark := ""
				if v, ok := r.(*cx.Versioned); ok {
					r, mark = v.Record, "version "+v.At.Format(time.RFC3339)+", "
				}
				if s, ok := r.(*cx.Supplement); ok && s.Carries != nil {
					r, mark = s.Record, mark+"updates "+strings.Join(s.Carries, ", ")+", "
				} else if ok {
					r, mark = s.Record, mark+"completes, earliest "+strings.Join(s.Earliest, ", ")+", "
				}
				if mark != "" {
					mark = strings.TrimSuffix(mark, ", ") + ": "
				}
				j, _ := json.Marshal(r)
				got = append(got, mark+string(j))
			}
			same(t, "records", got, c.records)
			got = nil
			for _, p := range b.Patches {
				got = append(got, versionMark(p.At)+string(p.Of)+" "+p.ID+" "+string(p.Doc))
			}
			same(t, "patches", got, c.patches)
			got = nil
			for _, d := range b.Deletes {
				got = append(got, versionMark(d.At)+string(d.Of)+" "+d.ID)
			}
			same(t, "deletes", got, c.deletes)
			got = nil
			for _, d := range b.DeletesBy {
				got = append(got, string(d.Of)+" "+d.Attr+"="+d.Value)
			}
			same(t, "deletes by attribute", got, c.deletesBy)
			same(t, "erase", b.Erase, c.erase)
			if c.ignored == "" && b.Ignored != "" || !strings.Contains(b.Ignored, c.ignored) {
				t.Errorf("ignored %q, want %q", b.Ignored, c.ignored)
			}
		})
	}
}

// versionMark shows the source's time of a patch or deletion, as the records' marks show it.
func versionMark(at time.Time) string {
	if at.IsZero() {
		return ""
	}
	return "version " + at.Format(time.RFC3339) + ": "
}

func same(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got %s\nwant %s", what, strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

// TestDeliveryNestedTooDeep: a delivery is read only after its signature is verified (web's
// hookReceive), and then checked as an API body is (ingest.CheckBody): nested deeper than
// ingest.MaxDepth (64) it is refused at once, naming the pointer of the 65th level, for a
// fraction of a megabyte. The check wrote a pointer per level and kept them all: a body 5,000
// deep cost Σ 2i ≈ 25 MB, one of the 1 MB a delivery may have some 250 GB.
func TestDeliveryNestedTooDeep(t *testing.T) {
	deep := []byte(`{"a":` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}`)
	want := "/a" + strings.Repeat("/0", 63) + ": nested more than 64"
	for _, source := range []string{"klantpuls", "freshdesk"} {
		s, _ := Lookup(source)
		var err error
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err = s.Read(&Delivery{Header: http.Header{}, Query: url.Values{}, Body: deep})
		runtime.ReadMemStats(&after)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: %v; want %s…", source, err, want)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
			t.Errorf("%s: reading a delivery 5000 deep allocated %d bytes; want under 1 MB", source, alloc)
		}
	}
}
