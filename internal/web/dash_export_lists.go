package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/report"
)

// The downloads of the pages of lists: feedback, follow-ups, a ticket and Risico. A list is
// downloaded whole (every page of it, in the page's filter and order) up to exportListBound
// rows, which the section's note then says.

// exportListBound bounds a downloaded list: a year of comments of a mid-size company fits.
const exportListBound = 5000

// errBadParam is a parameter the page refuses, in the page's language, naming it.
func errBadParam(d *dashPage, param, value, choices string) error {
	return cx.Errorf(cx.EINVALID, "%s", fmt.Sprintf(d.T("fl_bad_param"), param, value, choices))
}

func yesNo(d *dashPage, b bool) report.Cell {
	if b {
		return report.Text(d.T("yes"))
	}
	return report.Text(d.T("no"))
}

// scoreCell is an answer's score, empty for a mention.
func scoreCell(score *int) report.Cell {
	if score == nil {
		return report.Cell{}
	}
	return report.Count(*score)
}

// cutAtBound tells whether the download of a list of n rows was cut at the bound: a list of
// exactly the bound is whole (said to be cut, its reader would look for rows that are not).
func cutAtBound(n int) bool { return n > exportListBound }

// boundNote says a list of n was cut at the bound; "" when the download holds all n.
func boundNote(d *dashPage, n int) string {
	if !cutAtBound(n) {
		return ""
	}
	return fmt.Sprintf(d.T("export_bound"), d.Num(exportListBound))
}

// feedbackExport is the feedback page: the comments and mentions of the period in its filter,
// newest first, and the surveys' response rates.
func feedbackExport(s *Server, r *http.Request, d *dashPage, x *report.Export) error {
	fq, bad := feedbackQuery(r.URL.Query(), d.View, s.app.Config.CSAT)
	if bad != nil {
		return bad.in(d)
	}
	fq.Limit = exportListBound + 1 // one more tells a list cut at the bound from one of exactly its length
	// The header names the list's filter besides the view's, as the page's boxes show it: a
	// workbook of the detractors not replied to does not pass for all the feedback.
	kinds, replied, tones := feedbackChoices(d, r.URL.Query(), s.app.Config.CSAT)
	for _, box := range []struct {
		heading string
		options []option
	}{{"show", kinds}, {"replied", replied}, {"sentiment", tones}} {
		for _, o := range box.options {
			if o.Selected && o.Value != "" && o.Value != "all" {
				x.Filters = append(x.Filters, d.T(box.heading)+": "+o.Label)
			}
		}
	}
	items, err := s.app.Feedback(r.Context(), fq)
	if err != nil {
		return err
	}
	loc := s.app.Config.Timezone
	text := report.KindText
	note := boundNote(d, len(items))
	items = items[:min(len(items), exportListBound)]
	sec := report.Section{Title: d.T("export_feedback"), Note: note, Cols: []report.Col{
		{Heading: d.T("date"), Kind: report.KindDateTime}, {Heading: d.T("survey"), Kind: text},
		{Heading: d.T("score"), Kind: report.KindCount}, {Heading: d.T("export_text"), Kind: text, Wide: true},
		{Heading: d.T("dim_channel"), Kind: text}, {Heading: d.T("dim_agent"), Kind: text},
		{Heading: d.T("customer_id"), Kind: text}, {Heading: d.T("ticket"), Kind: text},
		{Heading: d.T("sentiment"), Kind: text}, {Heading: d.T("replied"), Kind: text}}}
	for _, it := range items {
		kind := strings.ToUpper(it.Survey)
		if it.Kind == cx.KindMentions {
			kind = it.Source
		}
		sec.Rows = append(sec.Rows, []report.Cell{report.When(it.At.In(loc)), report.Text(kind), scoreCell(it.Score),
			report.Text(it.Text), report.Text(d.Channel(it.Channel)), report.Text(it.Agent), report.Text(it.CustomerID),
			report.Text(it.TicketID), report.Text(toneWord(d, tone(it.Sentiment))), yesNo(d, !it.RepliedAt.IsZero())})
	}
	x.Sections = append(x.Sections, sec)
	list, err := s.app.ListSurveys(r.Context())
	if err != nil {
		return err
	}
	rates, err := s.responseRates(r, d.View, list)
	if err != nil {
		return err
	}
	rs := report.Section{Title: d.T("response_rate"), Cols: []report.Col{{Heading: d.T("survey"), Kind: text},
		{Heading: d.T("dim_channel"), Kind: text}, {Heading: d.T("inv_sent"), Kind: report.KindCount},
		{Heading: d.T("inv_opened"), Kind: report.KindCount}, {Heading: d.T("inv_answered"), Kind: report.KindCount},
		{Heading: d.T("export_open_rate"), Kind: report.KindPercent}, {Heading: d.T("response_rate"), Kind: report.KindPercent}}}
	for _, rr := range rates {
		sent, opened := report.Count(rr.Sent), report.Count(rr.Opened)
		if !rr.Shown {
			sent, opened = report.Cell{}, report.Cell{} // not measured (the widget's showings)
		}
		rs.Rows = append(rs.Rows, []report.Cell{report.Text(rr.Survey), report.Text(d.Channel(rr.Channel)), sent,
			opened, report.Count(rr.Answered), report.NumP(rr.Open), report.NumP(rr.Response)})
	}
	x.Sections = append(x.Sections, rs)
	return nil
}

// toneWord is a sentiment label in the page's words, "" without one.
func toneWord(d *dashPage, label string) string {
	if label == "" {
		return ""
	}
	return d.T("tone_" + label)
}

// followUpsExport is Opvolging: every critical answer passing the list's filter, in its order.
func followUpsExport(s *Server, r *http.Request, d *dashPage, x *report.Export) error {
	fp := &followUpsPage{Open: r.URL.Query().Get("all") == ""}
	var bad *paramError
	if fp.Filter, bad = followUpFilterOf(r.URL.Query()); bad != nil {
		return bad.in(d)
	}
	// A download opens on no answer: its open answers are the open ones, without the done one
	// an alert's link opened the page on.
	fp.Filter.Focus = ""
	items, err := s.followUpItems(r, d.View, fp)
	if err != nil {
		return err
	}
	var me int64
	if p := principalOf(r); p != nil {
		me = p.user.ID
	}
	rows, total := fp.Filter.sorted(items, me, s.now(), exportListBound)
	if err := s.followUpDetails(r, d.View, rows); err != nil {
		return err
	}
	email := userEmails(fp.Users)
	loc, text := s.app.Config.Timezone, report.KindText
	title := d.T("export_followups_all")
	if fp.Open {
		title = d.T("export_followups_open")
	}
	sec := report.Section{Title: title, Cols: []report.Col{{Heading: d.T("date"), Kind: report.KindDateTime},
		{Heading: d.T("fu_kind"), Kind: text}, {Heading: d.T("fu_score"), Kind: report.KindCount},
		{Heading: d.T("export_text"), Kind: text, Wide: true}, {Heading: d.T("dim_channel"), Kind: text}, {Heading: d.T("dim_agent"), Kind: text},
		{Heading: d.T("customer_id"), Kind: text}, {Heading: d.T("owner"), Kind: text}, {Heading: d.T("our_reply"), Kind: text, Wide: true},
		{Heading: d.T("export_done"), Kind: text}}}
	for _, row := range rows {
		score := report.Cell{}
		if row.Score != "" {
			score = report.Num(row.score)
		}
		sec.Rows = append(sec.Rows, []report.Cell{report.When(row.at.In(loc)), report.Text(row.Survey), score, report.Text(row.Text),
			report.Text(d.Channel(row.Channel)), report.Text(row.Agent), report.Text(row.Customer), report.Text(email[row.Owner]),
			report.Text(row.Reply), yesNo(d, row.Done)})
	}
	sec.Note = boundNote(d, total)
	x.Sections = append(x.Sections, sec)
	return nil
}

// ticketExport is one ticket's page: its fields, its messages and the answers about it, for
// whoever may open the page (an agent their own tickets only).
func ticketExport(s *Server, r *http.Request, d *dashPage, x *report.Export) error {
	id := r.URL.Query().Get("id")
	rec, err := s.visibleTicket(r, id)
	if cx.ErrorCode(err) == cx.ENOTFOUND {
		return cx.Errorf(cx.ENOTFOUND, "%s", fmt.Sprintf(d.T("ticket_not_found"), id))
	}
	if err != nil {
		return err
	}
	loc, t := s.app.Config.Timezone, rec.Ticket
	x.Title += " " + id
	x.AsOf, x.Filters = s.now().In(loc), nil
	// One typed column per kind of value, so a moment is a date and a count a number in the
	// workbook; each field fills the one its value is.
	fields := report.Section{Sparse: true, Title: d.T("tk_fields"), Cols: []report.Col{{Heading: d.T("export_field"), Kind: report.KindText},
		{Heading: d.T("export_value"), Kind: report.KindText}, {Heading: d.T("export_moment"), Kind: report.KindDateTime},
		{Heading: d.T("export_count"), Kind: report.KindCount}, {Heading: d.T("export_duration"), Kind: report.KindDuration}}}
	column := map[report.Kind]int{report.KindText: 1, report.KindDateTime: 2, report.KindCount: 3, report.KindDuration: 4}
	for _, f := range s.ticketFieldList(d, &t) {
		row := make([]report.Cell, 5)
		row[0], row[column[f.kind]] = report.Text(d.T(f.key)), f.cell
		fields.Rows = append(fields.Rows, row)
	}
	if t.CustomerID != "" && principalOf(r).can(auth.ActionReport) {
		fields.Rows = append(fields.Rows, []report.Cell{report.Text(d.T("customer_id")), report.Text(t.CustomerID)})
	}
	msgs := report.Section{Title: d.T("tk_messages"), Cols: []report.Col{{Heading: d.T("date"), Kind: report.KindDateTime},
		{Heading: d.T("export_author"), Kind: report.KindText}, {Heading: d.T("dim_agent"), Kind: report.KindText},
		{Heading: d.T("export_text"), Kind: report.KindText, Wide: true}}}
	for _, m := range rec.Messages {
		msgs.Rows = append(msgs.Rows, []report.Cell{report.When(m.At.In(loc)), report.Text(d.valueLabel("author", m.Author)),
			report.Text(m.Agent), report.Text(messageText(m))})
	}
	answers := report.Section{Title: d.T("ratings"), Cols: []report.Col{{Heading: d.T("date"), Kind: report.KindDateTime},
		{Heading: d.T("survey"), Kind: report.KindText}, {Heading: d.T("score"), Kind: report.KindCount},
		{Heading: d.T("comment"), Kind: report.KindText, Wide: true}, {Heading: d.T("export_superseded"), Kind: report.KindText}}}
	shown := answerRows(d, rec, loc) // says which answers a later one replaced
	for i, a := range rec.Responses {
		answers.Rows = append(answers.Rows, []report.Cell{report.When(a.SubmittedAt.In(loc)), report.Text(d.SurveyKind(a.Survey)),
			report.Count(a.Score), report.Text(a.Comment), yesNo(d, shown[i].Superseded)})
	}
	x.Sections = append(x.Sections, fields, msgs, answers)
	return nil
}
