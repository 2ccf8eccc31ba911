// Package form reads what a customer sends in answer to a survey: a score (with a comment, when
// a form of the company's own sends both at once), or a comment on an answer given before (the
// follow-up question). The hosted page and the one-click page post
// forms; the widget posts JSON. Both are read here, once, into an Answer whose values the
// handlers can trust: a score within the survey's scale, an answer id of sane length, a comment
// CheckComment accepts. It is pure (bytes and values in, an Answer or a coded error out) and
// imports nothing of klantpuls but cx, so its fuzz targets build without a database.
package form

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Answer is one checked submission: a score (IsComment false), with the comment sent with it
// ("" for none), or a comment on Response.
type Answer struct {
	Score    int
	Response string
	Comment  string
	// IsComment tells which of the two it is.
	IsComment bool
}

// maxResponseID bounds the answer id a comment names; ours are an invitation id (24 hex
// digits) with "-" and a score, far below it.
const maxResponseID = 100

// ErrNoSuchAnswer is a comment naming no answer of its invitation.
var ErrNoSuchAnswer = cx.Refuse(cx.ENOTFOUND, "response", "answer_not_found", "no such answer")

// errNoScore is a submission with neither a score nor an answer to comment on.
var errNoScore = cx.Refuse(cx.EINVALID, "score", "answer_no_score", "choose a score")

// errScoreWithResponse is a submission that is both: a comment on an earlier answer (response)
// and a new score. Neither of the pages' forms sends both, and applying the two would score the
// invitation anew under a comment the customer wrote about the earlier score.
var errScoreWithResponse = cx.Refuse(cx.EINVALID, "score", "answer_score_with_response",
	"not with response: send a score (with its comment), or a comment on an earlier answer, not both")

// checkAnswer checks one submission against the scale lo..hi. scoreText is the score as sent
// ("" when none); response names the answer a comment belongs to ("" for a score). A comment
// sent with a score is the score's, checked as the follow-up's: a form or script of the
// company's own may ask both at once, and dropping what the customer wrote without a word
// loses the very thing the survey asked for. What a submission is, is told by response; one
// that carries a score as well is refused, naming the score, rather than read as the comment
// and its score dropped without a word.
func checkAnswer(scoreText, response, comment string, lo, hi int) (Answer, error) {
	if response != "" {
		if strings.TrimSpace(scoreText) != "" {
			return Answer{}, errScoreWithResponse
		}
		if len(response) > maxResponseID || strings.ContainsFunc(response, func(c rune) bool { return c < '!' || c > '~' }) {
			return Answer{}, ErrNoSuchAnswer
		}
		c, err := CheckComment(comment)
		if err != nil {
			return Answer{}, err
		}
		return Answer{Response: response, Comment: c, IsComment: true}, nil
	}
	scoreText = strings.TrimSpace(scoreText)
	if scoreText == "" {
		return Answer{}, errNoScore
	}
	score, err := strconv.Atoi(scoreText)
	if err != nil || score < lo || score > hi {
		return Answer{}, cx.Refuse(cx.EINVALID, "score", "answer_bad_score", "choose a whole number from %d to %d", lo, hi)
	}
	c, err := CheckComment(comment)
	if err != nil {
		return Answer{}, err
	}
	return Answer{Score: score, Comment: c}, nil
}

// Parse reads the form of the hosted page (/s/{token}) or the one-click page (/a/{token}):
// score (and comment), or response and comment. A field sent twice is refused: a browser sends
// each once, so two values are forged and which one counts would be a guess.
func Parse(form url.Values, lo, hi int) (Answer, error) {
	for _, name := range []string{"score", "response", "comment"} {
		if len(form[name]) > 1 {
			return Answer{}, cx.Refuse(cx.EINVALID, name, "answer_sent_twice", "sent more than once")
		}
	}
	return checkAnswer(form.Get("score"), form.Get("response"), form.Get("comment"), lo, hi)
}

// Widget is the widget's JSON body: {"token", "score"}, {"token", "score", "comment"} or
// {"token", "response", "comment"}.
type Widget struct {
	Token    string `json:"token"`
	Score    *int   `json:"score"`
	Response string `json:"response"`
	Comment  string `json:"comment"`
}

// DecodeWidget reads the widget's body: one JSON object of known fields, each once and spelled
// as named (encoding/json would take "Score" for score, and the last of two), UTF-8 throughout
// (encoding/json would put U+FFFD for a bad byte), nothing after it — as strict as the JSON API.
func DecodeWidget(body []byte) (Widget, error) {
	if !utf8.Valid(body) {
		return Widget{}, cx.Errorf(cx.EINVALID, "the body is not UTF-8 text")
	}
	if err := widgetMembers(body); err != nil {
		return Widget{}, err
	}
	var in Widget
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return Widget{}, cx.Errorf(cx.EINVALID, "send token and score (and comment), or token, response and comment: %v", err)
	}
	if dec.More() {
		return Widget{}, cx.Errorf(cx.EINVALID, "send one JSON object")
	}
	if in.Token == "" {
		return Widget{}, cx.Errorf(cx.EINVALID, "token: required")
	}
	return in, nil
}

// widgetMembers refuses a member of the body's object that is not one of Widget's names as
// written, or that comes twice. A body that is no object is left to the decoder to refuse.
func widgetMembers(body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		name, _ := tok.(string)
		switch {
		case name != "token" && name != "score" && name != "response" && name != "comment":
			return cx.Errorf(cx.EINVALID, "%q: not a field of the answer (token, score, response, comment)", name)
		case seen[name]:
			return cx.Errorf(cx.EINVALID, "%s: sent more than once", name)
		}
		seen[name] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil
		}
	}
	return nil
}

// Check checks the widget's answer against the scale lo..hi.
func (in Widget) Check(lo, hi int) (Answer, error) {
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

// MaxComment bounds a comment from the survey page or the widget: the one bound of every text
// klantpuls takes, also in import files and the JSON API.
const MaxComment = cx.MaxText

// ErrCommentTooLong is a comment of more than MaxComment characters: the only refusal a
// person can meet in a browser (the box takes no more, but an old browser may send it), so
// the survey page tells it in the page's language and keeps the comment. The others, of a
// form no browser sends as the page made it, are said in the page's language by their keys.
var ErrCommentTooLong = cx.Errorf(cx.EINVALID, "comment: at most %d characters", MaxComment)

// lineBreaks turns the line breaks a browser sends (CR LF, HTML's form encoding) and a lone CR
// into LF.
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// CheckComment trims a comment, writes its line breaks as LF, and checks it can be kept: valid
// UTF-8 (browsers send nothing else, so anything else is forged) of at most MaxComment
// characters. A control character but a line break or a tab (a form feed or vertical tab
// pasted from a PDF; PostgreSQL cannot store NUL) becomes a space, as the customer saw it in
// the box: refusing it lost a comment over a character nobody sees. A line break counts one,
// as the box's maxlength counts it; a browser sends it as two, CR LF.
func CheckComment(comment string) (string, error) {
	if !utf8.ValidString(comment) {
		return "", cx.Refuse(cx.EINVALID, "comment", "answer_not_utf8", "not valid UTF-8 text")
	}
	comment = strings.Map(func(c rune) rune {
		if unicode.IsControl(c) && c != '\n' && c != '\t' {
			return ' '
		}
		return c
	}, lineBreaks.Replace(comment))
	comment = strings.TrimSpace(comment)
	if cx.TextTooLong(comment) {
		return "", ErrCommentTooLong
	}
	return comment, nil
}
