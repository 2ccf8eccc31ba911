package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/survey"
)

// What a customer sends: a score, or a comment on an answer given before (the follow-up
// question). The hosted page and the one-click page post forms; the widget posts JSON. Both
// are read here, once, into an answerForm whose values the handlers can trust: a score within
// the survey's scale, an answer id of sane length, a comment survey.CheckComment accepts.

// answerForm is one checked submission: a score (Comment false) or a comment on Response.
type answerForm struct {
	Score    int
	Response string
	Comment  string
	// IsComment tells which of the two it is.
	IsComment bool
}

// maxResponseID bounds the answer id a comment names; ours are an invitation id (24 hex
// digits) with "-" and a score, far below it.
const maxResponseID = 100

// errNoScore is a submission with neither a score nor an answer to comment on.
var errNoScore = cx.Errorf(cx.EINVALID, "score: choose a score")

// checkAnswer checks one submission against the scale lo..hi. scoreText is the score as sent
// ("" when none); response names the answer a comment belongs to ("" for a score).
func checkAnswer(scoreText, response, comment string, lo, hi int) (answerForm, error) {
	if response != "" {
		if len(response) > maxResponseID || strings.ContainsFunc(response, func(c rune) bool { return c < '!' || c > '~' }) {
			return answerForm{}, cx.Errorf(cx.ENOTFOUND, "response: no such answer")
		}
		c, err := survey.CheckComment(comment)
		if err != nil {
			return answerForm{}, err
		}
		return answerForm{Response: response, Comment: c, IsComment: true}, nil
	}
	scoreText = strings.TrimSpace(scoreText)
	if scoreText == "" {
		return answerForm{}, errNoScore
	}
	score, err := strconv.Atoi(scoreText)
	if err != nil || score < lo || score > hi {
		return answerForm{}, cx.Errorf(cx.EINVALID, "score: choose a whole number from %d to %d", lo, hi)
	}
	return answerForm{Score: score}, nil
}

// parseAnswerForm reads the form of the hosted page (/s/{token}) or the one-click page
// (/a/{token}): score, or response and comment. A field sent twice is refused: a browser
// sends each once, so two values are forged and which one counts would be a guess.
func parseAnswerForm(form url.Values, lo, hi int) (answerForm, error) {
	for _, name := range []string{"score", "response", "comment"} {
		if len(form[name]) > 1 {
			return answerForm{}, cx.Errorf(cx.EINVALID, "%s: sent more than once", name)
		}
	}
	return checkAnswer(form.Get("score"), form.Get("response"), form.Get("comment"), lo, hi)
}

// widgetAnswer is the widget's JSON body: {"token", "score"} or {"token", "response", "comment"}.
type widgetAnswer struct {
	Token    string `json:"token"`
	Score    *int   `json:"score"`
	Response string `json:"response"`
	Comment  string `json:"comment"`
}

// decodeWidgetAnswer reads the widget's body: one JSON object of known fields, nothing after it.
func decodeWidgetAnswer(body []byte) (widgetAnswer, error) {
	var in widgetAnswer
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return widgetAnswer{}, cx.Errorf(cx.EINVALID, "send token and score, or token, response and comment: %v", err)
	}
	if dec.More() {
		return widgetAnswer{}, cx.Errorf(cx.EINVALID, "send one JSON object")
	}
	if in.Token == "" {
		return widgetAnswer{}, cx.Errorf(cx.EINVALID, "token: required")
	}
	return in, nil
}

// check checks the widget's answer against the scale lo..hi.
func (in widgetAnswer) check(lo, hi int) (answerForm, error) {
	score := ""
	if in.Score != nil {
		score = strconv.Itoa(*in.Score)
	}
	f, err := checkAnswer(score, in.Response, in.Comment, lo, hi)
	if errors.Is(err, errNoScore) {
		return f, cx.Errorf(cx.EINVALID, "score: required")
	}
	return f, err
}
