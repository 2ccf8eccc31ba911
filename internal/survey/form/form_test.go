package form

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/klantpuls/klantpuls/internal/cx"
)

func TestParseAnswerForm(t *testing.T) {
	long := strings.Repeat("é", MaxComment)
	for _, tt := range []struct {
		name string
		form string
		want Answer
		err  string // part of the error; "" for none
	}{
		{"a score", "score=7", Answer{Score: 7}, ""},
		{"the lowest", "score=0", Answer{Score: 0}, ""},
		{"above the scale", "score=11", Answer{}, "from 0 to 10"},
		{"below it", "score=-1", Answer{}, "from 0 to 10"},
		{"not a number", "score=zeven", Answer{}, "from 0 to 10"},
		{"a fraction", "score=7.5", Answer{}, "from 0 to 10"},
		{"none", "", Answer{}, "choose a score"},
		{"twice", "score=1&score=9", Answer{}, "score: sent more than once"},
		{"a comment", "response=abc-3&comment=+Te+laat+", Answer{Response: "abc-3", Comment: "Te laat", IsComment: true}, ""},
		{"a comment of 4,000 characters", "response=r&comment=" + url.QueryEscape(long), Answer{Response: "r", Comment: long, IsComment: true}, ""},
		{"one more", "response=r&comment=" + url.QueryEscape(long+"é"), Answer{}, "at most 4000 characters"},
		// A browser sends a line break as CR LF; the box's maxlength counts it as one.
		{"line breaks as a browser sends them", "response=r&comment=" + url.QueryEscape("Te laat\r\nen kapot\rsorry"),
			Answer{Response: "r", Comment: "Te laat\nen kapot\nsorry", IsComment: true}, ""},
		{"4,000 with 10 line breaks", "response=r&comment=" + url.QueryEscape(strings.Repeat(strings.Repeat("é", 399)+"\r\n", 10)),
			Answer{Response: "r", Comment: strings.TrimSpace(strings.Repeat(strings.Repeat("é", 399)+"\n", 10)), IsComment: true}, ""},
		{"4,001 with line breaks", "response=r&comment=" + url.QueryEscape(strings.Repeat("é", 3993)+"\r\n\r\n\r\nééééé"),
			Answer{}, "at most 4000 characters"},
		// Pasted from a PDF: a form feed, a vertical tab; forged: a NUL. Each a space, as the box showed it.
		{"control characters in the comment", "response=r&comment=" + url.QueryEscape("Te laat\fen\vkapot\x00!\x1b"),
			Answer{Response: "r", Comment: "Te laat en kapot !", IsComment: true}, ""},
		{"not UTF-8", "response=r&comment=%ff", Answer{}, "UTF-8"},
		{"a response id with a space", "response=a+b&comment=x", Answer{}, "no such answer"},
		// A form of the company's own may send the comment with the score: it is the score's,
		// checked as the follow-up's.
		{"a score with a comment", "score=3&comment=+Te+laat%0D%0Aen%0Ckapot+", Answer{Score: 3, Comment: "Te laat\nen kapot"}, ""},
		{"a score with 4,000 characters", "score=3&comment=" + url.QueryEscape(long), Answer{Score: 3, Comment: long}, ""},
		{"a score with one more", "score=3&comment=" + url.QueryEscape(long+"é"), Answer{}, "comment: at most 4000 characters"},
		{"a score with a comment not UTF-8", "score=3&comment=%ff", Answer{}, "UTF-8"},
		{"a score with an empty comment", "score=3&comment=+", Answer{Score: 3}, ""},
		{"a score with a comment twice", "score=3&comment=a&comment=b", Answer{}, "comment: sent more than once"},
		// A comment on an earlier answer that carries a score too: which one is meant is a guess,
		// and reading it as the comment dropped the score without a word.
		{"a comment on an answer with a score", "response=r&comment=Te+laat&score=9", Answer{}, "score: not with response"},
		{"a comment on an answer with a score out of scale", "response=r&comment=x&score=11", Answer{}, "score: not with response"},
		{"a comment on an answer with an empty score", "response=r&comment=x&score=+", Answer{Response: "r", Comment: "x", IsComment: true}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			form, err := url.ParseQuery(tt.form)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(form, 0, 10)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("error %v, want one with %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

// TestWidgetScoreWithComment: the widget's body may carry the comment with the score; it is
// the score's, checked as the follow-up's.
func TestWidgetScoreWithComment(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		want       Answer
		err        string
	}{
		{"a score with a comment", `{"token":"t","score":3,"comment":" Te laat\r\nen\u000ckapot "}`, Answer{Score: 3, Comment: "Te laat\nen kapot"}, ""},
		{"a score alone", `{"token":"t","score":3}`, Answer{Score: 3}, ""},
		{"a comment too long", `{"token":"t","score":3,"comment":"` + strings.Repeat("é", MaxComment+1) + `"}`, Answer{}, "comment: at most 4000 characters"},
		{"a comment that is a number", `{"token":"t","score":3,"comment":7}`, Answer{}, "comment"},
		{"a comment on an answer with a score", `{"token":"t","response":"r","comment":"x","score":3}`, Answer{}, "score: not with response"},
		{"a comment on an answer with a null score", `{"token":"t","response":"r","comment":"x","score":null}`, Answer{Response: "r", Comment: "x", IsComment: true}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in, err := DecodeWidget([]byte(tt.body))
			var got Answer
			if err == nil {
				got, err = in.Check(0, 10)
			}
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("error %v, want one with %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

// checkAccepted asserts what every accepted submission must be: a score within lo..hi that is
// the number sent, or a comment CheckComment would keep, on an answer id of sane length.
func checkAccepted(t *testing.T, got Answer, err error, sentScore string, lo, hi int) {
	t.Helper()
	if err != nil {
		if code := cx.ErrorCode(err); code != cx.EINVALID && code != cx.ENOTFOUND {
			t.Fatalf("error of code %s (a 500): %v", code, err)
		}
		return
	}
	if !got.IsComment {
		if n, perr := strconv.Atoi(strings.TrimSpace(sentScore)); got.Score < lo || got.Score > hi || perr != nil || n != got.Score {
			t.Fatalf("accepted score %d from %q, outside %d..%d or not what was sent", got.Score, sentScore, lo, hi)
		}
		if got.Response != "" {
			t.Fatalf("accepted a score naming answer %q", got.Response)
		}
	} else if got.Response == "" || len(got.Response) > maxResponseID {
		t.Fatalf("accepted answer id %q", got.Response)
	} else if strings.TrimSpace(sentScore) != "" {
		t.Fatalf("accepted a comment on %q and dropped the score %q sent with it", got.Response, sentScore)
	}
	// A score's comment is kept as the follow-up's is: the same checks.
	if !utf8.ValidString(got.Comment) || utf8.RuneCountInString(got.Comment) > MaxComment || got.Comment != strings.TrimSpace(got.Comment) {
		t.Fatalf("accepted comment of %d characters, valid %v: %q", utf8.RuneCountInString(got.Comment), utf8.ValidString(got.Comment), got.Comment)
	}
	// A kept comment's line breaks are LF: CR LF would count two against the box's maxlength.
	if strings.ContainsFunc(got.Comment, func(c rune) bool { return unicode.IsControl(c) && c != '\n' && c != '\t' }) {
		t.Fatalf("accepted a control character (or a CR): %q", got.Comment)
	}
}

// FuzzAnswerForm feeds the form of the hosted page (/s/{token}) and of the one-click page
// (/a/{token}), as a browser or a forger sends it, to the parser both use, on the NPS scale
// and on a CSAT scale.
func FuzzAnswerForm(f *testing.F) {
	for _, seed := range []string{"score=7", "score=0", "score=10", "score=11", "score=-1", "score=%2B5", "score=+5",
		"score=1&score=9", "score=", "response=abc-3&comment=Te+laat", "response=r&comment=%00", "response=r&comment=%ff%fe",
		"response=" + strings.Repeat("a", 101) + "&comment=x", "comment=alleen", "score=9999999999999999999999",
		"response=r&comment=" + strings.Repeat("x", MaxComment+1), "score=5&response=r&comment=%E2%80%AE",
		"score=5&comment=Te+laat%0D%0A", "score=5&comment=%00%0C", "score=5&comment=%ff", "score=5&comment=" + strings.Repeat("x", MaxComment+1),
		"score=5&comment=a&comment=b"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return // ParseForm refuses it with 400 before the parser sees it
		}
		for _, scale := range [][2]int{{0, 10}, {1, 5}} {
			got, err := Parse(form, scale[0], scale[1])
			checkAccepted(t, got, err, form.Get("score"), scale[0], scale[1])
		}
	})
}

// FuzzWidgetAnswer feeds the widget's JSON body to its decoder and check.
func FuzzWidgetAnswer(f *testing.F) {
	for _, seed := range []string{`{"token":"t","score":3}`, `{"token":"t","score":11}`, `{"token":"t","score":"3"}`,
		`{"token":"t","score":3.5}`, `{"token":"t","score":null}`, `{"token":"t","response":"r","comment":"Te duur"}`,
		`{"token":"t","response":"r","comment":"\u0000"}`, `{"token":"t","score":3,"x":1}`, `{"token":"t","score":3}{}`,
		`{"token":"t","score":1e2}`, `[]`, `null`, `{"token":"t","score":-9223372036854775808}`, "{\"token\":\"t\",\"comment\":\"\xff\",\"response\":\"r\"}",
		`{"token":"t","score":3,"score":9}`, `{"token":"t","Score":3}`, `{"token":"t","token":"u","score":3}`,
		`{"token":"t","score":3,"comment":"Te laat\r\n"}`, `{"token":"t","score":3,"comment":"\u000c\u0000"}`,
		`{"token":"t","score":3,"comment":"` + strings.Repeat("x", MaxComment+1) + `"}`, `{"token":"t","score":3,"comment":"a","comment":"b"}`,
		`{"token":"t","score":3,"comment":7}`, `{"token":"t","response":"r","comment":"x","score":3}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		in, err := DecodeWidget(body)
		if err != nil {
			if cx.ErrorCode(err) != cx.EINVALID {
				t.Fatalf("decode error of code %s: %v", cx.ErrorCode(err), err)
			}
			return
		}
		if in.Token == "" {
			t.Fatal("accepted a body without a token")
		}
		if !utf8.Valid(body) {
			t.Fatal("accepted a body that is not UTF-8")
		}
		for name, n := range topMembers(body) {
			if n > 1 || name != strings.ToLower(name) {
				t.Fatalf("accepted a body with member %q %d times: %s", name, n, body)
			}
		}
		sent := ""
		if in.Score != nil {
			sent = strconv.Itoa(*in.Score)
		}
		for _, scale := range [][2]int{{0, 10}, {1, 5}} {
			got, err := in.Check(scale[0], scale[1])
			checkAccepted(t, got, err, sent, scale[0], scale[1])
		}
	})
}

// topMembers counts the names of the members of body's top-level object.
func topMembers(body []byte) map[string]int {
	dec := json.NewDecoder(bytes.NewReader(body))
	counts := map[string]int{}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return counts
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		name, _ := tok.(string)
		counts[name]++
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			break
		}
	}
	return counts
}
