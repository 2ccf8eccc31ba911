package web

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/survey"
)

// What a form of the surveys page did is said on the page it leads back to, in the reader's
// language. The address carries only what it did (a key, counts, and the lines not invited
// with a reason's key), never text to show, so a link cannot make the page say anything else.

// Results of the surveys page's forms, as ?result= carries them.
const (
	resultSaved   = "saved"   // a survey saved
	resultSite    = "site"    // a widget site added
	resultInvited = "invited" // a list invited: counts by status, and the lines not invited
	// The hold of a bounce on an address cleared, or none found to clear (bounce_clear.go).
	resultBounceCleared = "bounce_cleared"
	resultBounceNone    = "bounce_none"
)

// invitedCounts are what inviting a list counts, in the order the page tells them: the statuses
// an invitation from the page can get, then the lines skipped for an address already on the
// list (invitedDuplicate). The audit trail counts the statuses only (inviteCounts).
var invitedCounts = []string{cx.InviteQueued, cx.InviteThrottled, cx.InviteUnsubscribed, cx.InviteBounceHeld, invitedDuplicate}

// invitedDuplicate counts the lines skipped for an address already invited from the list: a
// customer-service lead pasting a spreadsheet expects one mail a person, and a count of what
// will go out, not one per line.
const invitedDuplicate = "duplicate"

// Why a line of the list was not invited, as the address carries it.
const (
	notMadeNoAddress  = "no_address"  // a customer whose e-mail address is not known
	notMadeNoCustomer = "no_customer" // a customer id klantpuls does not hold (a typo)
	notMadeBadAddress = "bad_address" // an address, given or the customer's, that is no e-mail address
	notMadeFailed     = "failed"      // anything else: the cause is in the server's log
)

// maxNotMade is how many lines not invited the page names; the others it counts.
const maxNotMade = 20

// inviteResult is what inviting a list made: invitations by status ("error" for the lines not
// invited, as the audit trail counts them; invitedDuplicate for the lines skipped) and the
// lines not invited.
type inviteResult struct {
	counts  map[string]int
	lines   []notMadeLine
	unnamed int
}

type notMadeLine struct {
	line        int
	who, reason string
}

// notMade records line n, reading who, as not invited because of err.
func (res *inviteResult) notMade(n int, who string, err error) {
	if len(res.lines) == maxNotMade {
		res.unnamed++
		return
	}
	reason := notMadeFailed
	switch field, _, _ := survey.Refusal(err); {
	case field == "email" && errors.Is(err, survey.ErrNotAnAddress):
		reason = notMadeBadAddress
	case field == "email":
		reason = notMadeNoAddress
	case field == "customer_id":
		reason = notMadeNoCustomer
	}
	res.lines = append(res.lines, notMadeLine{n, who, reason})
}

// query is the result as the address of the page carries it: queued=2&no_address=3:C404.
func (res *inviteResult) query() url.Values {
	q := url.Values{"result": {resultInvited}}
	for _, st := range invitedCounts {
		if n := res.counts[st]; n > 0 {
			q.Set(st, strconv.Itoa(n))
		}
	}
	for _, l := range res.lines {
		q.Add(l.reason, strconv.Itoa(l.line)+":"+l.who)
	}
	if res.unnamed > 0 {
		q.Set("not_named", strconv.Itoa(res.unnamed))
	}
	return q
}

// surveysResult is what the page says a form did, from its address; "" when nothing.
func surveysResult(p *page, q url.Values) string {
	switch q.Get("result") {
	case resultSaved:
		return p.T("survey_saved")
	case resultSite:
		return p.T("site_added")
	case resultInvited:
		return invitedText(p, q)
	case resultBounceCleared:
		return p.T("bounce_cleared")
	case resultBounceNone:
		return p.T("bounce_none")
	}
	return ""
}

// invitedText says what inviting a list made: "2 uitnodigingen klaargezet om te versturen.
// Niet uitgenodigd: regel 2 (C404): geen e-mailadres bekend van deze klant."
func invitedText(p *page, q url.Values) string {
	var parts []string
	for _, st := range invitedCounts {
		if n, err := strconv.Atoi(q.Get(st)); err == nil && n > 0 {
			parts = append(parts, p.Count(n, "inv_"+st))
		}
	}
	var lines []notMadeLine
	for _, reason := range []string{notMadeNoAddress, notMadeNoCustomer, notMadeBadAddress, notMadeFailed} {
		for _, v := range q[reason] {
			at, who, _ := strings.Cut(v, ":")
			if n, err := strconv.Atoi(at); err == nil {
				lines = append(lines, notMadeLine{n, who, reason})
			}
		}
	}
	slices.SortFunc(lines, func(a, b notMadeLine) int { return cmp.Compare(a.line, b.line) })
	text := strings.Join(parts, ", ")
	if text == "" {
		text = p.T("inv_none")
	}
	text += "."
	if len(lines) == 0 {
		return text
	}
	named := make([]string, len(lines))
	for i, l := range lines {
		named[i] = fmt.Sprintf(p.T("inv_line"), l.line, l.who, p.T("inv_"+l.reason))
	}
	text += " " + p.T("inv_not_made") + ": " + strings.Join(named, "; ")
	if n, err := strconv.Atoi(q.Get("not_named")); err == nil && n > 0 {
		text += "; " + fmt.Sprintf(p.T("inv_not_named"), n)
	}
	return text + "."
}
