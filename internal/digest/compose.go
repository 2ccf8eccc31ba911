package digest

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	texttemplate "text/template"
	"time"

	"github.com/klantpuls/klantpuls/internal/mail"
	"github.com/klantpuls/klantpuls/internal/report"
)

// page is what the templates read: the view and its words.
type page struct {
	*view
	W       wordSet
	Lang    string
	Title   string
	Scope   string
	Intro   string
	Count   string   // the heading of the n column, as the report table's
	Foot    []string // the footnotes, "* indicative: n < 30", "¹ change tested with the NPS z-test; …"
	Charted []chartData
}

// ContentID is the Content-ID of a chart's image: "<key>@klantpuls".
func ContentID(key string) string { return key + "@klantpuls" }

// compose writes the message: subject, text, HTML with the charts by Content-ID, and the
// List-Unsubscribe headers of RFC 2369 and RFC 8058 (one-click by POST).
func (b *Builder) compose(v *view) (mail.Message, error) {
	w := words(string(v.lang))
	last := v.To.AddDate(0, 0, -1)
	p := page{view: v, W: w, Lang: string(v.lang), Charted: v.Charts}
	p.Title = fmt.Sprintf(w.Subject, w.Every[v.r.Every], periodName(v.lang, v.From, last))
	p.Scope = w.Company
	switch {
	case v.r.Role == "agent":
		p.Scope = fmt.Sprintf(w.Agent, v.r.Agent)
	case v.r.Team != "":
		p.Scope = fmt.Sprintf(w.Team, v.r.Team)
	}
	p.Intro = fmt.Sprintf(w.Intro, v.lang.Date(v.From), v.lang.Date(last))
	p.Count = v.lang.Word("n")
	if v.Indicative {
		p.Foot = append(p.Foot, v.lang.Word("indicative"))
	}
	for i, t := range v.Tests {
		p.Foot = append(p.Foot, marks[i]+" "+fmt.Sprintf(w.Footnote, t))
	}
	var html, text bytes.Buffer
	if err := htmlPage.Execute(&html, p); err != nil {
		return mail.Message{}, fmt.Errorf("digest: html: %w", err)
	}
	if err := textPage.Execute(&text, p); err != nil {
		return mail.Message{}, fmt.Errorf("digest: text: %w", err)
	}
	m := mail.Message{To: v.r.Email, Subject: p.Title, Text: text.String(), HTML: html.String(),
		Headers: map[string]string{
			"List-Unsubscribe":      "<" + v.UnsubPostLink + ">",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		}}
	for _, c := range v.Charts {
		m.Inline = append(m.Inline, mail.Inline{ContentID: ContentID(c.Key), Name: c.Key + ".png", Type: "image/png", Data: c.PNG})
	}
	return m, nil
}

// periodName names the period in the subject: a day ("2 dec 2026"), its first and last day
// ("23 nov 2026 – 29 nov 2026", as the dashboard labels a period), or a month ("nov 2026").
func periodName(l report.Lang, from, last time.Time) string {
	switch {
	case from.Equal(last):
		return l.Date(from)
	case from.Day() == 1 && last.AddDate(0, 0, 1).Day() == 1 && last.Sub(from).Hours() > 24*27:
		return l.Month(from)
	}
	return l.Date(from) + " – " + l.Date(last)
}

var htmlPage = htmltemplate.Must(htmltemplate.New("html").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#222;max-width:640px">
<h1 style="font-size:20px">{{.Title}}</h1>
<p>{{.Intro}}<br>{{.W.Scope}}: {{.Scope}}</p>
<table style="border-collapse:collapse" cellpadding="6">
<tr><th align="left">{{.W.Kpi}}</th><th align="right">{{.W.Value}}</th><th align="right">{{.Count}}</th><th align="right">{{.W.Change}}</th><th align="left">{{.W.Target}}</th><th align="left">{{.W.Benchmark}}</th></tr>
{{range .Rows}}<tr><td>{{.Label}}</td><td align="right"><b>{{.Value}}</b></td><td align="right">{{.N}}</td><td align="right"{{if eq .Class "good"}} class="good" style="color:#1e7d3c"{{else if eq .Class "bad"}} class="bad" style="color:#b3261e"{{else if eq .Class "ns"}} class="ns" style="color:#6a737d"{{end}}>{{.Change}}{{.Note}}{{if .Verdict}}<br><small>{{.Verdict}}</small>{{end}}</td><td>{{.Target}}</td><td>{{.Bench}}</td></tr>
{{end}}</table>
{{range .Foot}}<p style="font-size:12px;color:#555">{{.}}</p>{{end}}
{{if .Drivers}}<h2 style="font-size:16px">{{.W.Drivers}}</h2><ul>{{range .Drivers}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{if .Emerging}}<h2 style="font-size:16px">{{.W.Emerging}}</h2><ul>{{range .Emerging}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{range .Charted}}<p><img src="cid:{{.Key}}@klantpuls" alt="{{.Title}}" width="600" height="250"></p>
{{end}}<p><a href="{{.Link}}">{{.W.Open}}</a></p>
<p style="font-size:12px;color:#555">{{.W.Why}} <a href="{{.Unsub}}">{{.W.Unsubscribe}}</a></p>
</body></html>
`))

var textPage = texttemplate.Must(texttemplate.New("text").Parse(`{{.Title}}

{{.Intro}}
{{.W.Scope}}: {{.Scope}}
{{range .Rows}}
{{.Label}}: {{.Value}} ({{with .N}}n = {{.}}; {{end}}{{$.W.Change}}: {{.Change}}{{.Note}}{{if .Verdict}}, {{.Verdict}}{{end}}){{if .Target}}; {{.Target}}{{end}}{{if .Bench}}; {{.Bench}}{{end}}{{end}}
{{range .Foot}}
{{.}}{{end}}
{{if .Drivers}}
{{.W.Drivers}}:{{range .Drivers}}
- {{.}}{{end}}
{{end}}{{if .Emerging}}
{{.W.Emerging}}:{{range .Emerging}}
- {{.}}{{end}}
{{end}}
{{.W.Open}}: {{.Link}}

{{.W.Why}}
{{.W.Unsubscribe}}: {{.Unsub}}
`))
