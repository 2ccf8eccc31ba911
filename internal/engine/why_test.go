package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/text"
	"github.com/klantpuls/klantpuls/internal/theme"
)

// whyRecords are five CSAT answers in March 2026, each on its own ticket, two NPS answers and
// a mention, and one answer in February. The comments use the terms' own words, so their
// themes hold with any stemmer. First replies in business seconds (office hours):
//
//	R1 T1 email  created Tue 03-10 10:00, reply 10:30 → 1800; reopened, complaint, 1 transfer,
//	             solved with 2 replies; score 2 (negative); "Mijn pakket is kwijt" (delivery)
//	R2 T2 phone  created Tue 03-10 10:00, reply Wed 10:00 → 7 h + 1 h = 28800 (over 4 h);
//	             0 transfers, solved with 1 reply; score 1; "Lang in de wacht" (reachability)
//	R3 T3 email  created Thu 03-12 09:00, reply 09:10 → 600; solved, 1 reply; score 5;
//	             "Heel vriendelijk" (staff); agent Anna
//	R4 T4 email  created Thu 03-12 09:00, reply 09:20 → 1200; solved, 1 reply; score 4; no comment
//	R5 T5 chat   created Thu 03-12 09:00, reply 09:50 → 3000; 0 transfers, unsolved; score 4;
//	             "Pakket snel geleverd" (delivery)
//	N1 NPS 10 "Pakket op tijd" (delivery), N2 NPS 3 "Lang in de wacht" (reachability)
//	M1 mention "PostNL kwijt" (delivery)
//	R6 T6 in February: score 5, "Pakket op tijd" (delivery)
func whyRecords() []cx.Record {
	type tk struct {
		id, channel, agent, created, reply string
		reopens, transfers                 *int
		complaint                          bool
		replies                            *int
		solved                             string
	}
	tickets := []tk{
		{"T1", "email", "Bram", "2026-03-10 10:00", "2026-03-10 10:30", one(1), one(1), true, one(2), "2026-03-11 12:00"},
		{"T2", "phone", "Bram", "2026-03-10 10:00", "2026-03-11 10:00", nil, one(0), false, one(1), "2026-03-11 11:00"},
		{"T3", "email", "Anna", "2026-03-12 09:00", "2026-03-12 09:10", nil, nil, false, one(1), "2026-03-12 10:00"},
		{"T4", "email", "Bram", "2026-03-12 09:00", "2026-03-12 09:20", nil, nil, false, one(1), "2026-03-12 10:00"},
		{"T5", "chat", "Bram", "2026-03-12 09:00", "2026-03-12 09:50", nil, one(0), false, nil, ""},
		{"T6", "email", "Bram", "2026-02-10 09:00", "2026-02-10 09:10", nil, nil, false, one(1), "2026-02-10 10:00"},
	}
	var recs []cx.Record
	for _, x := range tickets {
		t := &cx.Ticket{ID: x.id, Channel: x.channel, Agent: x.agent, CreatedAt: at(x.created), FirstReplyAt: at(x.reply),
			Reopens: x.reopens, Transfers: x.transfers, Complaint: x.complaint, AgentReplies: x.replies}
		if x.solved != "" {
			t.SolvedAt = at(x.solved)
		}
		recs = append(recs, t)
	}
	for _, r := range []struct{ id, ticket, when, comment string }{
		{"R1", "T1", "2026-03-12 12:00", "Mijn pakket is kwijt"}, {"R2", "T2", "2026-03-12 12:00", "Lang in de wacht"},
		{"R3", "T3", "2026-03-13 12:00", "Heel vriendelijk"}, {"R4", "T4", "2026-03-13 12:00", ""},
		{"R5", "T5", "2026-03-13 12:00", "Pakket snel geleverd"}, {"R6", "T6", "2026-02-11 12:00", "Pakket op tijd"},
	} {
		score := map[string]int{"R1": 2, "R2": 1, "R3": 5, "R4": 4, "R5": 4, "R6": 5}[r.id]
		recs = append(recs, &cx.Response{ID: r.id, Survey: cx.SurveyCSAT, Score: score, TicketID: r.ticket,
			SubmittedAt: at(r.when), Comment: r.comment, Language: "nl"})
	}
	recs = append(recs,
		&cx.Response{ID: "N1", Survey: cx.SurveyNPS, Score: 10, CustomerID: "C1", SubmittedAt: at("2026-03-14 12:00"), Comment: "Pakket op tijd", Language: "nl"},
		&cx.Response{ID: "N2", Survey: cx.SurveyNPS, Score: 3, CustomerID: "C2", SubmittedAt: at("2026-03-14 12:00"), Comment: "Lang in de wacht", Language: "nl"},
		&cx.Mention{ID: "M1", Source: "x", At: at("2026-03-15 12:00"), Text: "PostNL kwijt"})
	return recs
}

// fourHours is the first-response target of every team in these tests.
func fourHours(string) int64 { return 4 * 3600 }

func marchWhy(t *testing.T, e *Engine, filter map[Dim]string) *Why {
	t.Helper()
	w, err := e.Why(Query{From: day("2026-03-01"), To: day("2026-04-01"), Filter: filter}, fourHours)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func driverOf(list []Driver, factor, key string) *Driver {
	for i := range list {
		if list[i].Factor == factor && list[i].Key == key {
			return &list[i]
		}
	}
	return nil
}

func TestWhyDrivers(t *testing.T) {
	e := newEngine(t)
	e.Apply(whyRecords()...)
	w := marchWhy(t, e, nil)
	if !w.PreviousFrom.Equal(day("2026-01-29")) {
		t.Errorf("previous period from %v, want 2026-01-29 (31 days before March)", w.PreviousFrom)
	}
	// CSAT positive: R3, R4, R5; negative R1, R2. Effect = CSAT with − CSAT without (points),
	// share = with/(with+without), impact = effect·share/100.
	for _, tt := range []struct {
		factor, value         string
		with, without         int
		effect, share, impact float64
	}{
		// Over 4 h: R2 (0 of 1) against R1, R3, R4, R5 (3 of 4): 0 − 75 = −75; 1/5 = 20%; −15.
		{FactorSLA, "", 1, 4, -75, 20, -15},
		{FactorReopened, "", 1, 4, -75, 20, -15},  // R1 alone
		{FactorComplaint, "", 1, 4, -75, 20, -15}, // R1 alone
		// Transfers known for R1 (1), R2 (0), R5 (0): 0 of 1 against 1 of 2: −50; 1/3; −16.667.
		{FactorTransferred, "", 1, 2, -50, 100.0 / 3, -50.0 / 3},
		// Solved with known replies: R2, R3, R4 at first contact (2 of 3), R1 not (0 of 1); R5
		// unsolved: 66.667 − 0; 3/4 = 75%; 50.
		{FactorFirstContact, "", 3, 1, 200.0 / 3, 75, 50},
		// First replies 600, 1200, 1800, 3000, 28800: median 1800. Longer: R2, R5 (1 of 2),
		// not: R1, R3, R4 (2 of 3): 50 − 66.667 = −16.667; 40%; −6.667.
		{FactorWaitedLong, "", 2, 3, 50 - 200.0/3, 40, (50 - 200.0/3) * 0.4},
		{FactorChannel, "email", 3, 2, 200.0/3 - 50, 60, (200.0/3 - 50) * 0.6}, // R1, R3, R4: 2 of 3 against 1 of 2
		{FactorChannel, "phone", 1, 4, -75, 20, -15},
		{FactorChannel, "chat", 1, 4, 50, 20, 10}, // 1 of 1 against 2 of 4
		// Themes among the answers with a comment (R1, R2, R3, R5):
		{FactorTheme, "delivery", 2, 2, 0, 50, 0},                            // R1, R5: 1 of 2; R2, R3: 1 of 2
		{FactorTheme, "reachability", 1, 3, -200.0 / 3, 25, -50.0 / 3},       // R2: 0 of 1; 2 of 3
		{FactorTheme, "staff", 1, 3, 100 - 100.0/3, 25, (100 - 100.0/3) / 4}, // R3: 1 of 1; 1 of 3
	} {
		t.Run(tt.factor+" "+tt.value, func(t *testing.T) {
			d := driverOf(w.CSAT, tt.factor, tt.value)
			if d == nil {
				t.Fatalf("no driver; have %v", w.CSAT)
			}
			if d.With != tt.with || d.Without != tt.without {
				t.Errorf("n %d with, %d without; want %d, %d", d.With, d.Without, tt.with, tt.without)
			}
			for _, v := range []struct {
				name string
				got  *float64
				want float64
			}{{"effect", d.Value, tt.effect}, {"share", d.Share, tt.share}, {"impact", d.Impact, tt.impact}} {
				if v.got == nil || math.Abs(*v.got-v.want) > 1e-9 {
					t.Errorf("%s %v, want %v", v.name, v.got, v.want)
				}
			}
		})
	}
	if d := driverOf(w.CSAT, FactorTheme, "price"); d != nil {
		t.Errorf("a theme nobody mentions is a driver: %+v", d)
	}
	if w.CSAT[0].Factor != FactorFirstContact {
		t.Errorf("top CSAT driver %s, want first_contact (impact 50)", w.CSAT[0].Factor)
	}
	for i := 1; i < len(w.CSAT); i++ {
		if math.Abs(*w.CSAT[i].Impact) > math.Abs(*w.CSAT[i-1].Impact)+1e-9 {
			t.Errorf("drivers not ranked by |impact|: %v after %v", *w.CSAT[i].Impact, *w.CSAT[i-1].Impact)
		}
	}
	// NPS: N1 (promoter, delivery) against N2 (detractor, reachability): 100 − (−100) = 200.
	if d := driverOf(w.NPS, FactorTheme, "delivery"); d == nil || *d.Value != 200 || d.With != 1 || d.Without != 1 {
		t.Errorf("NPS delivery driver %+v, want 200 on 1 against 1", d)
	}
}

func TestWhyThemes(t *testing.T) {
	e := newEngine(t)
	e.Apply(whyRecords()...)
	w := marchWhy(t, e, nil)
	// March texts: R1, R2, R3, R5, N1, N2 and M1 = 7; February: R6 = 1.
	if w.Texts != 7 || w.PrevTexts != 1 {
		t.Fatalf("texts %d, previous %d; want 7, 1", w.Texts, w.PrevTexts)
	}
	var delivery *ThemeFigures
	for i := range w.Themes {
		if w.Themes[i].Key == "delivery" {
			delivery = &w.Themes[i]
		}
	}
	// Delivery: R1, R5, N1, M1 = 4 of 7 (57.14%); February 1 of 1 (100%).
	if delivery == nil || delivery.Volume != 4 || delivery.PrevVolume != 1 {
		t.Fatalf("delivery %+v, want volume 4, previously 1", delivery)
	}
	if math.Abs(*delivery.Share-400.0/7) > 1e-9 || *delivery.PrevShare != 100 {
		t.Errorf("share %v, previously %v; want 57.14, 100", *delivery.Share, *delivery.PrevShare)
	}
	// CSAT of commented answers: with delivery R1, R5 (1 of 2), without R2, R3 (1 of 2).
	if c := delivery.CSATWith; c.N != 2 || c.Positive != 1 || delivery.CSATWithout.N != 2 || *delivery.CSATDifference.Value != 0 {
		t.Errorf("CSAT with %+v without %+v", c, delivery.CSATWithout)
	}
	if n := delivery.NPSWith; n.N != 1 || *n.Value != 100 || *delivery.NPSWithout.Value != -100 || *delivery.NPSDifference.Value != 200 {
		t.Errorf("NPS with %+v, without %+v", n, delivery.NPSWithout)
	}
	// The latest three texts about delivery: M1 (15 March), N1 (14th), R5 (13th); R1 (12th) not.
	if ex := delivery.Examples; len(ex) != 3 || ex[0] != (TextRef{cx.KindMentions, "M1"}) || ex[1].ID != "N1" || ex[2].ID != "R5" {
		t.Errorf("delivery examples %v, want M1, N1, R5", ex)
	}
	if len(w.Themes) != len(theme.Default()) {
		t.Errorf("%d themes, want every theme of the taxonomy", len(w.Themes))
	}
}

// TestWhyCountsEveryMentionWithText: a mention of emoji only ("😡😡", "👍") is a text of the
// period, as a comment of emoji only is: its emoji carry its sentiment (text.Score reads them),
// though it holds no word to be a term or theme. It was left out for having no terms, so the
// themes' shares were of fewer texts than the report's sentiment counts. An erased mention
// (its text taken, its score kept) is no text, as an erased comment is none.
func TestWhyCountsEveryMentionWithText(t *testing.T) {
	e := newEngine(t)
	e.Apply(whyRecords()...)
	for _, m := range []struct{ id, text string }{{"E1", "😡😡"}, {"E2", "👍"}} {
		s := text.Score(m.text, "")
		e.Apply(&cx.Mention{ID: m.id, Source: "x", At: at("2026-03-16 12:00"), Text: m.text, Sentiment: &s})
	}
	kept := -0.5
	e.Apply(&cx.Mention{ID: "E3", Source: "x", At: at("2026-03-16 12:00"), Sentiment: &kept}) // erased
	w := marchWhy(t, e, nil)
	// March: the 7 texts of TestWhyThemes, E1 and E2; not E3.
	if w.Texts != 9 {
		t.Errorf("texts %d, want 9 (7 and two mentions of emoji only)", w.Texts)
	}
	for _, th := range w.Themes {
		if th.Key == "delivery" && math.Abs(*th.Share-400.0/9) > 1e-9 {
			t.Errorf("delivery share %v, want 4 of 9 = 44.44", *th.Share)
		}
	}
}

// TestWhyAgent: an agent sees their own answers only (a response's agent, else its ticket's),
// and no mentions (which have no agent).
func TestWhyAgent(t *testing.T) {
	e := newEngine(t)
	e.Apply(whyRecords()...)
	w := marchWhy(t, e, map[Dim]string{ByAgent: "anna"})
	if w.Texts != 1 || len(w.CSAT) != 0 {
		t.Errorf("Anna: %d texts, %d drivers; want 1 (R3) and none (no answers to compare with)", w.Texts, len(w.CSAT))
	}
	for _, th := range w.Themes {
		if want := map[string]int{"staff": 1}[th.Key]; th.Volume != want {
			t.Errorf("Anna's %s: %d, want %d", th.Key, th.Volume, want)
		}
	}
}

// TestWhyEmerging: 12 of 40 March texts lose a parcel, none of 40 in February did. For each of
// the three terms (two stems and their pair) the table is 12 of 40 against 0 of 40: N 80,
// column totals 12 and 68, E = 6, 34, 6, 34;
// G² = 2·(12·ln(12/6) + 28·ln(28/34) + 40·ln(40/34)) = 2·(8.31777 − 5.43636 + 6.50077) = 18.7644.
// The filler ("prima service") fell from 40 to 28 texts: not emerging.
func TestWhyEmerging(t *testing.T) {
	e := newEngine(t)
	for i := range 40 {
		feb := &cx.Mention{ID: fmt.Sprintf("F%d", i), Source: "x", At: at("2026-02-01 08:00").Add(time.Duration(i) * time.Hour), Text: "prima service"}
		mar := &cx.Mention{ID: fmt.Sprintf("M%02d", i), Source: "x", At: at("2026-03-01 08:00").Add(time.Duration(i) * time.Hour), Text: "prima service"}
		if i < 12 {
			mar.Text = "pakket kwijt"
		}
		e.Apply(feb, mar)
	}
	w := marchWhy(t, e, nil)
	s := text.Stems("pakket kwijt", text.Detect("pakket kwijt"))
	want := []string{s[0], s[1], strings.Join(s, " ")}
	var got []string
	for _, x := range w.Emerging {
		got = append(got, x.Stem)
		if x.Count != 12 || x.PrevCount != 0 || math.Abs(x.G2-18.7644) > 1e-4 {
			t.Errorf("%s: %d against %d, G² %v; want 12, 0, 18.7644", x.Term, x.Count, x.PrevCount, x.G2)
		}
		// The latest three texts holding it: M11, M10, M09.
		if len(x.Examples) != 3 || x.Examples[0] != (TextRef{cx.KindMentions, "M11"}) || x.Examples[2].ID != "M09" {
			t.Errorf("%s: examples %v, want M11, M10, M09", x.Term, x.Examples)
		}
	}
	if len(got) != 3 || !strings.Contains(strings.Join(got, "|"), want[2]) {
		t.Errorf("emerging %v, want %v", got, want)
	}
}

// TestWhySnapshot: themes and terms survive a snapshot; another taxonomy refuses it, so the
// node reads every text again.
func TestWhySnapshot(t *testing.T) {
	e := newEngine(t)
	e.Apply(whyRecords()...)
	var buf bytes.Buffer
	if err := e.Snapshot(&buf, 1); err != nil {
		t.Fatal(err)
	}
	got, _, err := Restore(testOptions(), bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	a, b := marchWhy(t, e, nil), marchWhy(t, got, nil)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Error("the restored engine answers otherwise")
	}
	other := testOptions()
	other.Themes, err = theme.New(theme.Extend(theme.Default(), []theme.Theme{{Key: "delivery", NL: []string{"Homerr"}}}))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Restore(other, bytes.NewReader(buf.Bytes())); !errors.Is(err, ErrStaleSnapshot) {
		t.Errorf("another taxonomy: %v, want ErrStaleSnapshot", err)
	}
}

// TestWhyTextChanges: a comment edited or a response deleted changes its themes.
func TestWhyTextChanges(t *testing.T) {
	e := newEngine(t)
	e.Apply(whyRecords()...)
	e.Apply(&cx.Response{ID: "R3", Survey: cx.SurveyCSAT, Score: 5, TicketID: "T3", SubmittedAt: at("2026-03-13 12:00"),
		Comment: "Heel vriendelijk, en het pakket was er snel", Language: "nl"})
	e.Apply(cx.Deletion{Of: cx.KindMentions, ID: "M1"})
	w := marchWhy(t, e, nil)
	vol := map[string]int{}
	for _, th := range w.Themes {
		vol[th.Key] = th.Volume
	}
	// Delivery: R1, R5, N1 and now R3; M1 is gone.
	if vol["delivery"] != 4 || vol["staff"] != 1 || w.Texts != 6 {
		t.Errorf("delivery %d, staff %d, texts %d; want 4, 1, 6", vol["delivery"], vol["staff"], w.Texts)
	}
}

// BenchmarkWhy is the Why page's query on the demo year: a month against the month before,
// and the whole year. The page must answer in under 200 ms; the query should take a few.
func BenchmarkWhy(b *testing.B) {
	e, err := demoEngine()
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range []struct {
		name     string
		from, to time.Time
	}{{"month", day("2026-09-01"), day("2026-10-01")}, {"year", day("2025-11-01"), day("2026-11-01")}} {
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := e.Why(Query{From: p.from, To: p.to}, fourHours); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestWhyDemo: on the demo year the query finds texts and themes at all (the demo's comments
// carry theme words), and every driver has answers on both sides.
func TestWhyDemo(t *testing.T) {
	e, err := demoEngine()
	if err != nil {
		t.Fatal(err)
	}
	w, err := e.Why(Query{From: day("2026-09-01"), To: day("2026-10-01")}, fourHours)
	if err != nil {
		t.Fatal(err)
	}
	if w.Texts == 0 || w.PrevTexts == 0 || len(w.CSAT) == 0 {
		t.Errorf("demo September: %d texts, %d before, %d CSAT drivers", w.Texts, w.PrevTexts, len(w.CSAT))
	}
	for _, d := range append(w.CSAT, w.NPS...) {
		if d.With == 0 || d.Without == 0 {
			t.Errorf("%s %s: %d with, %d without", d.Factor, d.Key, d.With, d.Without)
		}
	}
}

// Why's "first response over the SLA target" judges each ticket as the SLA page does. With
// office hours 9–17 on weekdays and a target of 8 business hours: T1, created on Saturday, is
// due Monday 17:00 and answered at 17:30, after hours (its business clock stands at 8 h 00 m,
// the target itself): late on the SLA page, so over the target here too. T2 is answered after
// an hour; T3 after two working days (16 h): late.
func TestWhySLADriverAgreesWithSLA(t *testing.T) {
	e := newEngine(t)
	var recs []cx.Record
	add := func(id, created, reply string, score int) {
		recs = append(recs, &cx.Ticket{ID: id, Channel: "email", CreatedAt: at(created), FirstReplyAt: at(reply)},
			&cx.Response{ID: "R" + id, Survey: cx.SurveyCSAT, Score: score, TicketID: id, SubmittedAt: at(reply).Add(48 * time.Hour)})
	}
	add("T1", "2026-03-07 10:00", "2026-03-09 17:30", 1)
	add("T2", "2026-03-10 10:00", "2026-03-10 11:00", 5)
	add("T3", "2026-03-10 10:00", "2026-03-12 10:00", 1)
	e.Apply(recs...)
	eight := func(string) int64 { return 8 * 3600 }
	march := Query{From: day("2026-03-01"), To: day("2026-04-01")}
	if late := breachedIDs(t, e, march, at("2026-04-01 00:00"), eight); late != "T1,T3" {
		t.Fatalf("the SLA page's late tickets %s, want T1 and T3", late)
	}
	w, err := e.Why(march, eight)
	if err != nil {
		t.Fatal(err)
	}
	if d := driverOf(w.CSAT, FactorSLA, ""); d == nil || d.With != 2 || d.Without != 1 {
		t.Fatalf("Why's answers over the SLA target: %+v, want 2 with (T1, T3) and 1 without (T2)", d)
	}
}

// "Waited longer than the median of the period's rated tickets" takes each ticket once: TA,
// TB and TC are first answered after 10, 20 and 30 minutes, so the median is 20 and only TC's
// answer waited longer. TA has a CSAT and an NPS answer; counted per answer the waits were
// 10, 10, 20, 30, their median 15, and TB's answer was put on the "waited long" side.
func TestWhyWaitMedianOfTickets(t *testing.T) {
	e := newEngine(t)
	var recs []cx.Record
	for i, m := range []int{10, 20, 30} {
		id := fmt.Sprintf("T%c", 'A'+i)
		c := at("2026-03-10 10:00")
		recs = append(recs, &cx.Ticket{ID: id, CustomerID: "C" + id, Channel: "email", CreatedAt: c, FirstReplyAt: c.Add(time.Duration(m) * time.Minute)},
			&cx.Response{ID: "R" + id, Survey: cx.SurveyCSAT, Score: 5, TicketID: id, SubmittedAt: at("2026-03-12 10:00")})
	}
	recs = append(recs, &cx.Response{ID: "N-A", Survey: cx.SurveyNPS, Score: 9, TicketID: "TA", SubmittedAt: at("2026-03-12 11:00")})
	e.Apply(recs...)
	w := marchWhy(t, e, nil)
	if d := driverOf(w.CSAT, FactorWaitedLong, ""); d == nil || d.With != 1 || d.Without != 2 {
		t.Fatalf("CSAT answers that waited longer than the median: %+v, want 1 (TC) with, 2 without", d)
	}
}
