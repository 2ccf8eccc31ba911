package metric

import (
	"slices"
	"strings"
)

// CSATScale is a scale a CSAT answer can come on, and which of its scores count as positive:
// the install's own (from the configuration), or one a response names in its scale column
// because the tool that asked the question used another (metrics.md section 1: CSAT counts a
// response positive by its own scale's rule). One function, Positive, holds the rule; the
// importer checks scores with Valid, the engine counts with Positive and Fraction.
type CSATScale struct {
	Name     string // as the scale column names it; "" for the install's scale
	Min, Max int
	// Points are the scores the scale has when they are not every integer Min..Max (Freshdesk's
	// ratings), in order from worst to best.
	Points []int
	// PositiveMin is the lowest positive score.
	PositiveMin int
	Source      string // where the scale and its rule are defined
}

// CSATScales are the scales a response may name, by name (ScaleCode numbers them from 1).
//
//   - 1-5, 1-7, 1-10, 0-10: positive are the top two points (metrics.md section 1: "default the
//     top two points: 4–5 on 1–5, 9–10 on 1–10"), as the install's scale is by default.
//   - good-bad: Zendesk's legacy satisfaction rating, score 1 = good, 0 = bad; good is positive
//     (Zendesk's satisfaction score is good / (good + bad)).
//   - freshdesk: Freshdesk's satisfaction rating values, 103 (extremely happy), 102 (very happy),
//     101 (happy), 100 (neutral), −101, −102, −103 (extremely unhappy); its classic 3-point
//     survey uses 103, 100 and −103, the 2- to 7-point ones a subset. The happy side, 101 to
//     103, is positive: Freshdesk reports CSAT as the share of positive ratings.
var CSATScales = []CSATScale{
	{Name: "1-5", Min: 1, Max: 5, PositiveMin: 4, Source: "metrics.md section 1"},
	{Name: "1-7", Min: 1, Max: 7, PositiveMin: 6, Source: "metrics.md section 1"},
	{Name: "1-10", Min: 1, Max: 10, PositiveMin: 9, Source: "metrics.md section 1"},
	{Name: "0-10", Min: 0, Max: 10, PositiveMin: 9, Source: "metrics.md section 1"},
	{Name: "good-bad", Min: 0, Max: 1, PositiveMin: 1,
		Source: "https://developer.zendesk.com/api-reference/ticketing/ticket-management/satisfaction_ratings/"},
	{Name: "freshdesk", Min: -103, Max: 103, Points: []int{-103, -102, -101, 100, 101, 102, 103}, PositiveMin: 101,
		Source: "https://developers.freshdesk.com/api/#satisfaction-ratings"},
}

// ScaleCode finds a scale by name, trimmed and case-insensitively: its code (1 for the first
// of CSATScales) and canonical name. Code 0, with ok, is the empty name: the install's scale.
func ScaleCode(name string) (code uint8, canonical string, ok bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		return 0, "", true
	}
	for i, s := range CSATScales {
		if s.Name == name {
			return uint8(i + 1), s.Name, true
		}
	}
	return 0, "", false
}

// ScaleNames lists the names a scale column takes, for messages.
func ScaleNames() string {
	names := make([]string, len(CSATScales))
	for i, s := range CSATScales {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}

// ScaleOf returns the scale of a code: 0 is own, the install's scale.
func ScaleOf(code uint8, own CSATScale) CSATScale {
	if code == 0 || int(code) > len(CSATScales) {
		return own
	}
	return CSATScales[code-1]
}

// Valid reports whether score is a point of the scale.
func (s CSATScale) Valid(score int) bool {
	if s.Points != nil {
		return slices.Contains(s.Points, score)
	}
	return score >= s.Min && score <= s.Max
}

// Positive reports whether a score on this scale is a positive answer.
func (s CSATScale) Positive(score int) bool { return score >= s.PositiveMin }

// PositiveScores is the range of the positive scores, PositiveMin to Max: the feedback
// filter's "CSAT hoog" keeps them.
func (s CSATScale) PositiveScores() (lo, hi int) { return s.PositiveMin, s.Max }

// Critical is the range of scores a team follows up on this scale: its two least satisfied
// points, but never a positive one, or Opvolging and the churn risk would chase an answer the
// CSAT figure counts as a success (1–2 on 1–5; 1 on 1–3 positive from 2; Zendesk's bad, 0, on
// good-bad; −103 and −102 on Freshdesk's). When every score is positive the range is empty:
// hi < lo. A range is enough for a scale of Points: no score between two points is valid.
func (s CSATScale) Critical() (lo, hi int) {
	if s.Points == nil {
		return s.Min, min(s.Min+1, s.PositiveMin-1)
	}
	lo, hi = s.Points[0], s.Points[0]-1
	for _, p := range s.Points[:min(2, len(s.Points))] {
		if p < s.PositiveMin {
			hi = p
		}
	}
	return lo, hi
}

// ScaleScores is the range [Min, Max] of the scores one judgement (Critical, PositiveScores)
// keeps on one scale, named as a response's scale column names it: "" is the install's scale.
type ScaleScores struct {
	Scale    string
	Min, Max int
}

// EveryScale is judge's range on every scale an answer can come on, the install's own first
// (Scale ""), then each of CSATScales: what a database pick tests each answer against, by its
// own scale, as the engine does with ScaleOf (metrics.md section 1). An empty range stays in,
// keeping none of its scale's answers.
func EveryScale(own CSATScale, judge func(CSATScale) (lo, hi int)) []ScaleScores {
	out := make([]ScaleScores, 0, len(CSATScales)+1)
	lo, hi := judge(own)
	out = append(out, ScaleScores{Min: lo, Max: hi})
	for _, s := range CSATScales {
		lo, hi := judge(s)
		out = append(out, ScaleScores{Scale: s.Name, Min: lo, Max: hi})
	}
	return out
}

// Fraction places a score on its scale, 0 at the worst point and 1 at the best (by rank for a
// scale of Points), so that answers on several scales have one mean: OnScale puts it back on
// the install's scale.
func (s CSATScale) Fraction(score int) float64 {
	if s.Points != nil {
		i := slices.Index(s.Points, score)
		return float64(max(i, 0)) / float64(len(s.Points)-1)
	}
	return float64(score-s.Min) / float64(s.Max-s.Min)
}

// OnScale is the score at fraction f of this scale: Min + f·(Max − Min).
func (s CSATScale) OnScale(f float64) float64 { return float64(s.Min) + f*float64(s.Max-s.Min) }
