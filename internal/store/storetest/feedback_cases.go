package storetest

import (
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/store"
)

// FeedbackCase is a case of the feedback stream's contract: a change to a base query and the
// ids Feedback lists for it, worked out by hand. The engine's count (app.FeedbackCount) is
// checked on the same cases, so the two cannot drift apart on a filter one of them forgets.
type FeedbackCase struct {
	Name   string
	Change func(*store.FeedbackQuery)
	Want   string
}

// FeedbackRecords are the records of FeedbackCases.
func FeedbackRecords() []cx.Record {
	return []cx.Record{
		&cx.Customer{ID: "C1", AcquiredAt: morning(1), Segment: "Zakelijk"},
		&cx.Ticket{ID: "T1", CreatedAt: morning(1), CustomerID: "C1", Channel: "Email", Team: "Service", Agent: "Anna",
			Category: "Levering"},
		&cx.Response{ID: "R1", Survey: "nps", Score: 3, SubmittedAt: morning(2), TicketID: "T1", Comment: "Te laat",
			Sentiment: ref(-0.5)},
		&cx.Response{ID: "R2", Survey: "csat", Score: 5, SubmittedAt: morning(3), Comment: "Top", Channel: "chat", RepliedAt: morning(4),
			Sentiment: ref(0.8)},
		&cx.Response{ID: "R3", Survey: "csat", Score: 4, SubmittedAt: morning(4)}, // no comment: not feedback
		&cx.Response{ID: "R4", Survey: "nps", Score: 9, SubmittedAt: morning(5), CustomerID: "C1", Team: " Fietsen ",
			Comment: "Prima", Language: "nl", Sentiment: ref(0.05)}, // on the band's edge: neutral
		&cx.Mention{ID: "N1", Source: "X", At: morning(5), Text: "Snel!", Author: "@jan", URL: "https://x.com/jan/1",
			Sentiment: ref(0.3)},
		&cx.Mention{ID: "N2", Source: "Trustpilot", At: morning(10), Text: "Later"}, // at the period's end: out
	}
}

// FeedbackBase is the query FeedbackCases change.
func FeedbackBase() store.FeedbackQuery {
	return store.FeedbackQuery{From: morning(1), To: morning(10), Limit: 10}
}

// FeedbackCases are the cases of FeedbackRecords.
func FeedbackCases() []FeedbackCase {
	no, yes := false, true
	lo, hi, five := 0, 6, 5
	return []FeedbackCase{
		{"all, newest first, a tie in time by id", func(*store.FeedbackQuery) {}, "N1 R4 R2 R1"},
		{"channel from the ticket, in any case", func(q *store.FeedbackQuery) { q.Filter = map[string]string{"channel": "EMAIL"} }, "R1"},
		{"segment from the answer's or the ticket's customer", func(q *store.FeedbackQuery) { q.Filter = map[string]string{"segment": "zakelijk"} }, "R4 R1"},
		{"category from the ticket only", func(q *store.FeedbackQuery) { q.Filter = map[string]string{"category": " LEVERING"} }, "R1"},
		{"team trimmed", func(q *store.FeedbackQuery) { q.Filter = map[string]string{"team": "fietsen "} }, "R4"},
		{"two filters", func(q *store.FeedbackQuery) { q.Filter = map[string]string{"agent": "anna", "team": "service"} }, "R1"},
		{"not replied", func(q *store.FeedbackQuery) { q.Replied = &no }, "N1 R4 R1"},
		{"replied", func(q *store.FeedbackQuery) { q.Replied = &yes }, "R2"},
		{"detractors", func(q *store.FeedbackQuery) { q.Survey, q.MinScore, q.MaxScore = "nps", &lo, &hi }, "R1"},
		{"a score leaves mentions out", func(q *store.FeedbackQuery) { q.MinScore = &five }, "R4 R2"},
		{"mentions only", func(q *store.FeedbackQuery) { q.Survey = "mention" }, "N1"},
		{"one survey", func(q *store.FeedbackQuery) { q.Survey = "csat" }, "R2"},
		{"all answers, without mentions", func(q *store.FeedbackQuery) { q.AllAnswers = true }, "R4 R3 R2 R1"},
		{"all answers of one survey", func(q *store.FeedbackQuery) { q.AllAnswers, q.Survey = true, "csat" }, "R3 R2"},
		{"the period's end is out", func(q *store.FeedbackQuery) { q.From, q.To = morning(3), morning(5) }, "R2"},
		{"second page", func(q *store.FeedbackQuery) { q.Limit, q.Offset = 1, 1 }, "R4"},
		{"a page across the tie", func(q *store.FeedbackQuery) { q.Limit, q.Offset = 2, 1 }, "R4 R2"},
		{"past the end", func(q *store.FeedbackQuery) { q.Offset = 4 }, ""},
		// The follow-up list counts every critical answer: no limit, as the stores' other lists.
		{"no limit", func(q *store.FeedbackQuery) { q.Limit = 0 }, "N1 R4 R2 R1"},
		{"no limit from an offset", func(q *store.FeedbackQuery) { q.Limit, q.Offset = 0, 1 }, "R4 R2 R1"},
		{"no limit, all answers", func(q *store.FeedbackQuery) { q.Limit, q.AllAnswers = 0, true }, "R4 R3 R2 R1"},
		// By metric.SentimentLabel: above 0.05 positive, below −0.05 negative, else neutral.
		{"positive, answers and mentions", func(q *store.FeedbackQuery) { q.Sentiment = "positive" }, "N1 R2"},
		{"neutral, the band's edge included", func(q *store.FeedbackQuery) { q.Sentiment = "neutral" }, "R4"},
		{"negative", func(q *store.FeedbackQuery) { q.Sentiment = "negative" }, "R1"},
		{"negative detractors", func(q *store.FeedbackQuery) { q.Sentiment, q.Survey = "negative", "nps" }, "R1"},
	}
}

// FeedbackScaleRecords are the records of FeedbackScaleCases: CSAT answers on several scales.
func FeedbackScaleRecords() []cx.Record {
	csat := func(id string, score int, scale string, hour int) cx.Record {
		return &cx.Response{ID: id, Survey: "csat", Score: score, Scale: scale, SubmittedAt: on(2, hour, 0)}
	}
	return []cx.Record{
		csat("I1", 1, "", 1), csat("I2", 2, "", 2), csat("I3", 3, "", 3), csat("I5", 5, "", 4),
		csat("Zgood", 1, "good-bad", 5), csat("Zbad", 0, "good-bad", 6),
		csat("F103", -103, "freshdesk", 7), csat("F102", -102, "freshdesk", 8), csat("F101", -101, "freshdesk", 9),
		csat("F100", 100, "freshdesk", 10), csat("F102+", 102, "freshdesk", 11),
		csat("T2", 2, "1-10", 12), csat("T9", 9, "1-10", 13),
	}
}

// FeedbackScaleCases judge each CSAT answer of FeedbackScaleRecords by its own scale's range,
// on an install of 1–5 positive from 4: Zendesk's bad (0) and Freshdesk's two least satisfied
// points are critical, Zendesk's good (1) is not. Worked by hand from metric.CSATScales.
func FeedbackScaleCases() []FeedbackCase {
	own := metric.CSATScale{Min: 1, Max: 5, PositiveMin: 4}
	scales := func(s []metric.ScaleScores) func(*store.FeedbackQuery) {
		return func(q *store.FeedbackQuery) {
			*q = store.FeedbackQuery{From: morning(1), To: morning(10), Survey: "csat", AllAnswers: true, Scales: s}
		}
	}
	return []FeedbackCase{
		{"critical by each answer's scale", scales(metric.EveryScale(own, metric.CSATScale.Critical)), "T2 F102 F103 Zbad I2 I1"},
		{"positive by each answer's scale", scales(metric.EveryScale(own, metric.CSATScale.PositiveScores)), "T9 F102+ Zgood I5"},
		{"a scale not listed keeps none", scales([]metric.ScaleScores{{Scale: "good-bad", Min: 0, Max: 0}}), "Zbad"},
		{"none listed keeps none", scales([]metric.ScaleScores{}), ""},
	}
}
