package app

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/store"
)

// CustomerHistory is one customer's whole history with their value and loyalty.
type CustomerHistory struct {
	CustomerID string       `json:"customer_id"`
	Customer   *cx.Customer `json:"customer"` // null when records name the customer but no row exists
	Value      CustomerCLV  `json:"clv"`
	NPS        *NPSAnswer   `json:"nps"` // their latest NPS answer (their own, else about their ticket); null without one
	// LastContact is the latest moment they and the team were in touch (engine.LastContact, the
	// customer list's figure: their tickets' messages count too); null without one.
	LastContact *time.Time  `json:"last_contact"`
	Orders      []cx.Order  `json:"orders"`
	Tickets     []cx.Ticket `json:"tickets"`
	Responses   []Answer    `json:"responses"`
	Reviews     []cx.Review `json:"reviews"`
}

// CustomerCLV is one customer's value: their orders, revenue, average order and historical CLV
// (Σ amount·margin over all their orders, as metrics.md section 3 sums it per buyer). Refunds
// count in revenue and historical CLV, negative, and not in Orders.
type CustomerCLV struct {
	Orders     int      `json:"orders"`
	Revenue    float64  `json:"revenue"`
	AOV        *float64 `json:"aov"`
	Historical float64  `json:"historical"`
	// Predictive and PAlive are the models' expected revenue over the horizon and the chance
	// the customer is still active, as of yesterday (engine.CustomerModel); null without a fit
	// and for a customer who had left by then (churned_at on or before that day).
	Predictive *float64 `json:"predictive"`
	PAlive     *float64 `json:"p_alive"`
}

// Erased tells whether the customer was erased: their records are kept under a pseudonym,
// without their name, address, attributes and comments (Erase).
func (h *CustomerHistory) Erased() bool { return isPseudonym(h.CustomerID) }

// Refunds is how many of the customer's orders are refunds: the ones Value.Orders leaves out
// (historyOf counts them by one rule, cx.Order.IsRefund).
func (h *CustomerHistory) Refunds() int { return len(h.Orders) - h.Value.Orders }

// NPSAnswer is an NPS score with its class.
type NPSAnswer struct {
	Score       int       `json:"score"`
	Class       string    `json:"class"` // promoter, passive or detractor
	SubmittedAt time.Time `json:"submitted_at"`
}

// Answer is a survey response, with its NPS class when it is an NPS answer and whether a later
// answer for the same ticket and survey superseded it (the history of a changed rating).
type Answer struct {
	cx.Response
	Class      string `json:"class,omitempty"`
	Superseded bool   `json:"superseded"`
}

// CustomerHistory reads one customer's orders, tickets, answers and reviews from the store, by
// its indexes: what the customer's page shows. CustomerData has all klantpuls holds.
func (a *App) CustomerHistory(ctx context.Context, id string) (*CustomerHistory, error) {
	id, err := a.StoredCustomerID(ctx, id)
	if err != nil {
		return nil, err
	}
	recs, err := a.store.CustomerRecords(ctx, id)
	if err != nil {
		return nil, err
	}
	h := a.historyOf(id, recs)
	if err := a.addLastContact(ctx, h); err != nil {
		return nil, err
	}
	return h, nil
}

// addLastContact fills h's last contact from the engine, so the customer's page, its download
// and the API show the list's figure by the list's rule (the store's history has no messages).
func (a *App) addLastContact(ctx context.Context, h *CustomerHistory) error {
	e, err := a.EngineFor(ctx, "the customer's last contact")
	if err != nil {
		return err
	}
	if t := e.LastContact(h.CustomerID); !t.IsZero() {
		h.LastContact = &t
	}
	return nil
}

// CustomerData is everything klantpuls holds about a customer (the GDPR's right of access,
// article 15): their history, and their events, the messages of their tickets, the mentions they
// wrote and their survey invitations.
type CustomerData struct {
	*CustomerHistory
	Events      []cx.Event      `json:"events"`
	Messages    []cx.Message    `json:"messages"`
	Mentions    []cx.Mention    `json:"mentions"`
	Invitations []cx.Invitation `json:"invitations"`
}

// CustomerData reads everything about one customer as the erasure finds it (customerData): so
// what a customer is shown is what their erasure erases. It reads every message, event and
// mention (about a second a million). A customer nothing names is cx.ENOTFOUND.
func (a *App) CustomerData(ctx context.Context, id string) (*CustomerData, error) {
	id, err := a.StoredCustomerID(ctx, id)
	if err != nil {
		return nil, err
	}
	d, err := a.customerData(ctx, id)
	if err != nil {
		return nil, err
	}
	if d.none() && len(d.invitations) == 0 {
		return nil, cx.NotFound(cx.KindCustomers, id, ": no record names it")
	}
	recs := &store.CustomerRecords{Customer: d.customer}
	out := &CustomerData{Events: []cx.Event{}, Messages: []cx.Message{}, Mentions: []cx.Mention{},
		Invitations: append([]cx.Invitation{}, d.invitations...)}
	for _, r := range d.recs {
		switch r := r.(type) {
		case *cx.Order:
			recs.Orders = append(recs.Orders, *r)
		case *cx.Ticket:
			recs.Tickets = append(recs.Tickets, *r)
		case *cx.Response:
			recs.Responses = append(recs.Responses, *r)
		case *cx.Review:
			recs.Reviews = append(recs.Reviews, *r)
		case *cx.Event:
			out.Events = append(out.Events, *r)
		case *cx.Message:
			out.Messages = append(out.Messages, *r)
		case *cx.Mention:
			out.Mentions = append(out.Mentions, *r)
		}
	}
	out.CustomerHistory = a.historyOf(id, recs)
	if err := a.addLastContact(ctx, out.CustomerHistory); err != nil {
		return nil, err
	}
	return out, nil
}

// historyOf is the history of customer id made of recs.
func (a *App) historyOf(id string, recs *store.CustomerRecords) *CustomerHistory {
	// Empty lists stay lists ([] in JSON, not null).
	h := &CustomerHistory{CustomerID: id, Customer: recs.Customer, Orders: append([]cx.Order{}, recs.Orders...),
		Tickets: append([]cx.Ticket{}, recs.Tickets...), Reviews: append([]cx.Review{}, recs.Reviews...),
		Responses: []Answer{}}
	for _, o := range recs.Orders {
		margin := a.Config.CLV.DefaultGrossMargin
		if o.GrossMargin != nil {
			margin = *o.GrossMargin
		}
		if !o.IsRefund() {
			h.Value.Orders++ // a refund nets revenue but is no order (metrics.md section 3)
		}
		h.Value.Revenue += o.Amount
		h.Value.Historical += o.Amount * margin
	}
	if h.Value.Orders > 0 {
		aov := h.Value.Revenue / float64(h.Value.Orders)
		h.Value.AOV = &aov
	}
	theirs := map[string]bool{} // their tickets: an answer about one without a customer of its own is theirs
	for _, t := range recs.Tickets {
		theirs[t.ID] = true
	}
	latest := map[[2]string]time.Time{} // ticket and survey → latest answer
	for _, r := range recs.Responses {
		if k := [2]string{r.TicketID, r.Survey}; r.TicketID != "" && r.SubmittedAt.After(latest[k]) {
			latest[k] = r.SubmittedAt
		}
	}
	npsID := "" // h.NPS's answer
	for _, r := range recs.Responses {
		ans := Answer{Response: r}
		if r.Survey == cx.SurveyNPS {
			ans.Class = metric.NPSClassName(r.Score)
			ticketCustomer := ""
			if theirs[r.TicketID] {
				ticketCustomer = id
			}
			// Their answer and the latest by the rules the list ranks by (engine.AnswerCustomer,
			// engine.LaterAnswer: in the same second the higher id): one NPS for both.
			if engine.AnswerCustomer(r.CustomerID, ticketCustomer) == id && (h.NPS == nil ||
				engine.LaterAnswer(engine.Instant(r.SubmittedAt), r.ID, engine.Instant(h.NPS.SubmittedAt), npsID)) {
				h.NPS, npsID = &NPSAnswer{Score: r.Score, Class: ans.Class, SubmittedAt: r.SubmittedAt}, r.ID
			}
		} else if r.TicketID != "" {
			ans.Superseded = r.SubmittedAt.Before(latest[[2]string{r.TicketID, r.Survey}])
		}
		h.Responses = append(h.Responses, ans)
	}
	// The page reads as a history: each list in the order things happened, not in the order
	// the records were written (a backfill or a late webhook writes an older one last); at the
	// same instant by id.
	inTime := func(a, b time.Time, x, y string) int { return cmp.Or(a.Compare(b), strings.Compare(x, y)) }
	slices.SortFunc(h.Orders, func(x, y cx.Order) int { return inTime(x.OrderedAt, y.OrderedAt, x.ID, y.ID) })
	slices.SortFunc(h.Tickets, func(x, y cx.Ticket) int { return inTime(x.CreatedAt, y.CreatedAt, x.ID, y.ID) })
	slices.SortFunc(h.Reviews, func(x, y cx.Review) int { return inTime(x.ReviewedAt, y.ReviewedAt, x.ReviewID, y.ReviewID) })
	slices.SortFunc(h.Responses, func(x, y Answer) int { return inTime(x.SubmittedAt, y.SubmittedAt, x.ID, y.ID) })
	return h
}
