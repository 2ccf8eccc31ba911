package demo

import (
	"cmp"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

var small = Size{Customers: 2000, Orders: 3000, Tickets: 2500, Responses: 1000, Mentions: 100,
	Reviews: 150, Events: 1500}

// dataset is everything one Generate call produced, by kind.
type dataset struct {
	customers map[string]*cx.Customer
	orders    []*cx.Order
	tickets   map[string]*cx.Ticket
	ticketIDs []string
	messages  []*cx.Message
	responses []*cx.Response
	mentions  []*cx.Mention
	reviews   []*cx.Review
	events    []*cx.Event
	count     map[cx.Kind]int
	digest    [32]byte  // of every record's JSON in order: "byte-identical" made checkable
	from, end time.Time // the year of data
}

func generate(t testing.TB, opts Options) *dataset {
	t.Helper()
	ds := &dataset{customers: map[string]*cx.Customer{}, tickets: map[string]*cx.Ticket{},
		count: map[cx.Kind]int{}, from: opts.From}
	loc := cmp.Or(opts.Location, amsterdam)
	if ds.from.IsZero() {
		ds.from = time.Date(2025, 11, 1, 0, 0, 0, 0, loc)
	}
	ds.end = ds.from.In(loc).AddDate(0, 0, cmp.Or(opts.Days, 365))
	h := sha256.New()
	order := 0
	err := Generate(opts, func(kind cx.Kind, batch []cx.Record) error {
		for order < len(cx.Kinds) && cx.Kinds[order] != kind {
			order++
		}
		if order == len(cx.Kinds) {
			return fmt.Errorf("kind %s out of order", kind)
		}
		if len(batch) == 0 || len(batch) > batchSize {
			return fmt.Errorf("batch of %d %s", len(batch), kind)
		}
		for _, rec := range batch {
			if rec.RecordKind() != kind {
				return fmt.Errorf("%s in a batch of %s", cx.String(rec), kind)
			}
			b, err := json.Marshal(rec)
			if err != nil {
				return err
			}
			h.Write(b)
			ds.count[kind]++
			switch r := rec.(type) {
			case *cx.Customer:
				ds.customers[r.ID] = r
			case *cx.Order:
				ds.orders = append(ds.orders, r)
			case *cx.Ticket:
				ds.tickets[r.ID] = r
				ds.ticketIDs = append(ds.ticketIDs, r.ID)
			case *cx.Message:
				ds.messages = append(ds.messages, r)
			case *cx.Response:
				ds.responses = append(ds.responses, r)
			case *cx.Mention:
				ds.mentions = append(ds.mentions, r)
			case *cx.Review:
				ds.reviews = append(ds.reviews, r)
			case *cx.Event:
				ds.events = append(ds.events, r)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	copy(ds.digest[:], h.Sum(nil))
	return ds
}

var (
	amsterdam = mustZone("Europe/Amsterdam")
	epoch     = time.Unix(0, 0)
)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// checker collects row-rule violations with the record they belong to.
type checker struct {
	t    *testing.T
	ds   *dataset
	errs int
}

func (c *checker) check(ok bool, rec cx.Record, format string, args ...any) {
	c.t.Helper()
	if ok {
		return
	}
	if c.errs++; c.errs <= 20 {
		c.t.Errorf("%s: %s", cx.String(rec), fmt.Sprintf(format, args...))
	}
}

// instant checks a present instant: after 1970, not after the data ends.
func (c *checker) instant(rec cx.Record, name string, at time.Time) {
	c.t.Helper()
	c.check(at.After(epoch) && at.Before(c.ds.end), rec, "%s %s outside (1970, end of data)", name, at)
}

// ordered checks that end, when present, is not before start.
func (c *checker) ordered(rec cx.Record, startName string, start time.Time, endName string, end time.Time) {
	c.t.Helper()
	if !end.IsZero() {
		c.instant(rec, endName, end)
		c.check(!end.Before(start), rec, "%s %s before %s %s", endName, end, startName, start)
	}
}

func (c *checker) unique(seen map[string]bool, rec cx.Record) {
	c.t.Helper()
	c.check(!seen[rec.Key()], rec, "duplicate key")
	seen[rec.Key()] = true
}

func TestGenerateSmall(t *testing.T) {
	ds := generate(t, Options{Seed: 7, Size: small})
	checkCounts(t, ds, small)
	checkRows(t, ds)
	if per := float64(ds.count[cx.KindMessages]) / float64(ticketsWithMessages(ds)); per < 3 || per > 5 {
		t.Errorf("%.2f messages per messaged ticket, want 3–5", per)
	}
}

// Odd sizes and periods must still give valid rows and exact counts.
func TestGenerateEdgeCases(t *testing.T) {
	for name, opts := range map[string]Options{
		"one of each":          {Seed: 1, Size: Size{1, 1, 1, 1, 1, 1, 1}},
		"a single day":         {Seed: 2, Size: small, Days: 1},
		"from a DST afternoon": {Seed: 3, Size: small, Days: 30, From: time.Date(2026, 3, 29, 15, 0, 0, 0, amsterdam)},
		"in UTC":               {Seed: 4, Size: small, Days: 60, Location: time.UTC},
		"customers only":       {Seed: 5, Size: Size{Customers: 10}},
	} {
		t.Run(name, func(t *testing.T) {
			ds := generate(t, opts)
			checkCounts(t, ds, opts.Size)
			checkRows(t, ds)
		})
	}
}

func checkCounts(t *testing.T, ds *dataset, size Size) {
	t.Helper()
	want := map[cx.Kind]int{cx.KindCustomers: size.Customers, cx.KindOrders: size.Orders,
		cx.KindTickets: size.Tickets, cx.KindResponses: size.Responses, cx.KindMentions: size.Mentions,
		cx.KindReviews: size.Reviews, cx.KindEvents: size.Events}
	for kind, n := range want {
		if got := ds.count[kind]; got != n {
			t.Errorf("%s: got %d records, want %d", kind, got, n)
		}
	}
}

func checkRows(t *testing.T, ds *dataset) {
	c := &checker{t: t, ds: ds}
	checkCustomers(c, ds)
	checkOrders(c, ds)
	checkTickets(c, ds)
	checkMessages(c, ds)
	checkResponses(c, ds)
	checkOthers(c, ds)
}

func ticketsWithMessages(ds *dataset) int {
	seen := map[string]bool{}
	for _, m := range ds.messages {
		seen[m.TicketID] = true
	}
	return len(seen)
}

func checkCustomers(c *checker, ds *dataset) {
	for _, cu := range ds.customers {
		c.instant(cu, "acquired_at", cu.AcquiredAt)
		c.ordered(cu, "acquired_at", cu.AcquiredAt, "churned_at", cu.ChurnedAt)
		c.check(slices.Contains([]string{"Particulier", "Zakelijk", "Premium"}, cu.Segment), cu, "segment %q", cu.Segment)
		c.check(cu.Name != "" && (hasSuffix(cu.Email, "@example.nl") || hasSuffix(cu.Email, "@example.com")),
			cu, "name %q, e-mail %q", cu.Name, cu.Email)
		if cu.ReferredBy != "" {
			ref := ds.customers[cu.ReferredBy]
			c.check(ref != nil && ref.AcquiredAt.Before(cu.AcquiredAt), cu, "referred_by %q", cu.ReferredBy)
		}
	}
}

func hasSuffix(s, suffix string) bool {
	return len(s) > len(suffix) && s[len(s)-len(suffix):] == suffix
}

func checkOrders(c *checker, ds *dataset) {
	seen := map[string]bool{}
	for _, o := range ds.orders {
		c.unique(seen, o)
		c.instant(o, "ordered_at", o.OrderedAt)
		c.check(o.Amount > 0 && o.Amount == round2(o.Amount), o, "amount %v", o.Amount)
		c.check(o.GrossMargin == nil || *o.GrossMargin >= 0 && *o.GrossMargin <= 1, o, "gross_margin %v", o.GrossMargin)
		cu := ds.customers[o.CustomerID]
		c.check(cu != nil, o, "unknown customer %q", o.CustomerID)
		if cu != nil {
			c.check(cu.AcquiredAt.Before(o.OrderedAt) && (cu.ChurnedAt.IsZero() || !cu.ChurnedAt.Before(o.OrderedAt)),
				o, "ordered outside the customer's life %s–%s", cu.AcquiredAt, cu.ChurnedAt)
		}
	}
}

func checkTickets(c *checker, ds *dataset) {
	for _, tk := range ds.tickets {
		c.instant(tk, "created_at", tk.CreatedAt)
		c.check(!tk.CreatedAt.Before(ds.from), tk, "created before the data starts")
		c.ordered(tk, "created_at", tk.CreatedAt, "first_reply_at", tk.FirstReplyAt)
		c.ordered(tk, "created_at", tk.CreatedAt, "first_solved_at", tk.FirstSolvedAt)
		c.ordered(tk, "created_at", tk.CreatedAt, "solved_at", tk.SolvedAt)
		c.ordered(tk, "first_solved_at", tk.FirstSolvedAt, "solved_at", tk.SolvedAt)
		c.ordered(tk, "first_reply_at", tk.FirstReplyAt, "solved_at", tk.SolvedAt)
		c.check(slices.Contains(channels, tk.Channel) && slices.Contains(teams, tk.Team), tk, "channel %q team %q", tk.Channel, tk.Team)
		c.check(tk.Direction == cx.Inbound || tk.Direction == cx.Outbound, tk, "direction %q", tk.Direction)
		c.check(tk.Complaint == (tk.Team == "Klachten"), tk, "complaint %v in team %s", tk.Complaint, tk.Team)
		for name, n := range map[string]*int{"reopens": tk.Reopens, "agent_replies": tk.AgentReplies, "transfers": tk.Transfers} {
			c.check(n == nil || *n >= 0, tk, "negative %s", name)
		}
		for name, s := range map[string]*float64{"wait_seconds": tk.WaitSeconds, "handle_seconds": tk.HandleSeconds} {
			c.check(s == nil || *s >= 0, tk, "negative %s", name)
		}
		c.check(tk.Reopens == nil || *tk.Reopens == 0 || tk.FirstSolvedAt.Before(tk.SolvedAt) || tk.SolvedAt.IsZero(),
			tk, "reopened but first solve %s not before solve %s", tk.FirstSolvedAt, tk.SolvedAt)
		if tk.Channel == "phone" {
			c.check(tk.AgentReplies != nil && tk.HandleSeconds != nil, tk, "phone ticket without replies or handle time")
		} else {
			c.check(tk.FirstReplyAt.IsZero() && tk.AgentReplies == nil, tk, "messaged ticket carries first reply or reply count")
		}
		if tk.CustomerID != "" {
			cu := ds.customers[tk.CustomerID]
			c.check(cu != nil && cu.AcquiredAt.Before(tk.CreatedAt), tk, "customer %q", tk.CustomerID)
		}
	}
}

func checkMessages(c *checker, ds *dataset) {
	seen := map[string]bool{}
	firstReply := map[string]time.Time{}
	for _, m := range ds.messages {
		c.unique(seen, m)
		c.instant(m, "at", m.At)
		tk := ds.tickets[m.TicketID]
		c.check(tk != nil, m, "unknown ticket %q", m.TicketID)
		if tk == nil {
			continue
		}
		c.check(!m.At.Before(tk.CreatedAt), m, "at %s before ticket created %s", m.At, tk.CreatedAt)
		c.check(slices.Contains(authors, m.Author), m, "author %q", m.Author)
		c.check((m.Agent != "") == (m.Author == cx.AuthorAgent || m.Author == cx.AuthorNote), m, "agent %q on %s", m.Agent, m.Author)
		if fr, ok := firstReply[m.TicketID]; m.Author == cx.AuthorAgent && (!ok || m.At.Before(fr)) {
			firstReply[m.TicketID] = m.At
		}
	}
	for id, fr := range firstReply {
		tk := ds.tickets[id]
		c.check(tk.SolvedAt.IsZero() || !tk.SolvedAt.Before(fr), tk, "solved %s before first reply %s", tk.SolvedAt, fr)
	}
}

func checkResponses(c *checker, ds *dataset) {
	seen := map[string]bool{}
	scale := map[string][2]int{cx.SurveyNPS: {0, 10}, cx.SurveyCSAT: {1, 5}, cx.SurveyCES: {1, 7}}
	for _, r := range ds.responses {
		c.unique(seen, r)
		c.instant(r, "submitted_at", r.SubmittedAt)
		s, ok := scale[r.Survey]
		c.check(ok && r.Score >= s[0] && r.Score <= s[1], r, "score %d on %s", r.Score, r.Survey)
		c.check(r.CustomerID == "" || ds.customers[r.CustomerID] != nil, r, "unknown customer %q", r.CustomerID)
		c.check((r.TicketID == "") == (r.Survey == cx.SurveyNPS), r, "ticket %q on %s", r.TicketID, r.Survey)
		if tk := ds.tickets[r.TicketID]; r.TicketID != "" {
			c.check(tk != nil && !tk.SolvedAt.IsZero() && !r.SubmittedAt.Before(tk.SolvedAt), r, "ticket %q not solved before", r.TicketID)
		}
		c.check(r.Channel == "" && r.Team == "" && r.Agent == "", r, "channel, team or agent set")
		c.check((r.Comment == "") == (r.Language == ""), r, "comment %q language %q", r.Comment, r.Language)
		c.ordered(r, "submitted_at", r.SubmittedAt, "replied_at", r.RepliedAt)
		c.check(r.RepliedAt.IsZero() || r.Comment != "", r, "replied without a comment")
	}
}

func checkOthers(c *checker, ds *dataset) {
	seen := map[string]bool{}
	for _, m := range ds.mentions {
		c.unique(seen, m)
		c.instant(m, "at", m.At)
		c.check(slices.Contains(sources, m.Source) && m.Text != "", m, "source %q text %q", m.Source, m.Text)
		c.ordered(m, "at", m.At, "replied_at", m.RepliedAt)
	}
	for _, rv := range ds.reviews {
		c.unique(seen, rv)
		c.instant(rv, "reviewed_at", rv.ReviewedAt)
		c.check(rv.Rating == nil || *rv.Rating >= 1 && *rv.Rating <= 5, rv, "rating %v", rv.Rating)
		tk := ds.tickets[rv.TicketID]
		c.check(tk != nil && tk.Agent == rv.Agent && tk.CreatedAt.Before(rv.ReviewedAt) &&
			(tk.SolvedAt.IsZero() || tk.SolvedAt.Before(rv.ReviewedAt)), rv, "ticket %q agent %q", rv.TicketID, rv.Agent)
	}
	for _, e := range ds.events {
		c.unique(seen, e)
		c.instant(e, "at", e.At)
		c.check(!e.At.Before(ds.from), e, "before the data starts")
		cu := ds.customers[e.CustomerID]
		c.check(cu != nil && cu.AcquiredAt.Before(e.At) && (cu.ChurnedAt.IsZero() || !cu.ChurnedAt.Before(e.At)),
			e, "customer %q not active", e.CustomerID)
		c.check(slices.Contains(eventKinds, e.Kind), e, "kind %q", e.Kind)
	}
}

func TestGenerateIsReproducible(t *testing.T) {
	a := generate(t, Options{Seed: 42, Size: small})
	b := generate(t, Options{Seed: 42, Size: small})
	if a.digest != b.digest {
		t.Error("same seed, different records")
	}
	if c := generate(t, Options{Seed: 43, Size: small}); c.digest == a.digest {
		t.Error("different seeds, same records")
	}
}

func TestGenerateStopsOnEmitError(t *testing.T) {
	stop := errors.New("disk full")
	calls := 0
	err := Generate(Options{Size: small}, func(kind cx.Kind, batch []cx.Record) error {
		calls++
		if kind == cx.KindTickets {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 3 { // customers, orders, then the failing tickets batch
		t.Errorf("got %v after %d calls, want %v after 3", err, calls, stop)
	}
}

func TestGenerateRejectsImpossibleSizes(t *testing.T) {
	for name, size := range map[string]Size{
		"negative":             {Customers: -1},
		"orders, no customers": {Orders: 10},
		"reviews, no tickets":  {Customers: 10, Reviews: 4},
	} {
		t.Run(name, func(t *testing.T) {
			err := Generate(Options{Size: size}, func(cx.Kind, []cx.Record) error { return nil })
			if cx.ErrorCode(err) != cx.EINVALID {
				t.Errorf("got %v, want an invalid-input error", err)
			}
		})
	}
}
