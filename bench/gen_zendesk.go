package bench

import (
	"bufio"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// PairedFiles are the same tickets written twice: as klantpuls's own tickets and responses files
// and as a Zendesk ticket export (preset zendesk-tickets), so the two imports store the same
// records and their rates compare.
type PairedFiles struct {
	Tickets, Ratings         int // tickets, and those with a Good or Bad rating (CSAT responses)
	TicketsCSV, ResponsesCSV string
	ZendeskCSV               string // its times without an offset, in UTC: import it with Timezone UTC
}

// zendeskHeader is the header of Zendesk's Admin Center CSV export as the preset's test file
// has it (cmd/klantpuls/testdata/presets/zendesk-tickets.csv): 42 columns, most of which the
// preset ignores, as a real export makes the importer read them.
const zendeskHeader = "Summation column,Id,Requester,Requester id,Requester external id,Requester email,Requester domain,Submitter,Assignee,Group,Subject,Tags,Status,Priority,Via,Ticket type,Created at,Updated at,Assigned at,Organization,Due date,Initially assigned at,Solved at,Resolution time,Satisfaction Score,Group stations,Assignee stations,Reopens,Replies,First reply time in minutes,First reply time in minutes within business hours,First resolution time in minutes,First resolution time in minutes within business hours,Full resolution time in minutes,Full resolution time in minutes within business hours,Agent wait time in minutes,Agent wait time in minutes within business hours,Requester wait time in minutes,Requester wait time in minutes within business hours,On hold time in minutes,On hold time in minutes within business hours,Ticket Category [list]\n"

// The Via names of the preset and the canonical channel each maps to.
var zendeskVia = [][2]string{{"Mail", "email"}, {"Chat", "chat"}, {"Voice", "phone"}, {"Web form", "web"}}

var zendeskTypes = []string{"Question", "Incident", "Problem", "Task"}

// GeneratePaired writes tickets-paired.csv, responses-paired.csv and zendesk-tickets.csv into
// dir from one stream of random tickets (the same n give the same files).
func GeneratePaired(dir string, n int) (*PairedFiles, error) {
	p := &PairedFiles{Tickets: n, TicketsCSV: filepath.Join(dir, "tickets-paired.csv"),
		ResponsesCSV: filepath.Join(dir, "responses-paired.csv"), ZendeskCSV: filepath.Join(dir, "zendesk-tickets.csv")}
	var files [3]*os.File
	var ws [3]*bufio.Writer
	for i, path := range []string{p.TicketsCSV, p.ResponsesCSV, p.ZendeskCSV} {
		f, err := os.Create(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		files[i], ws[i] = f, bufio.NewWriterSize(f, 1<<20)
	}
	p.Ratings = pairedRows(n, ws[0], ws[1], ws[2])
	for i, w := range ws {
		if err := w.Flush(); err != nil {
			return nil, err
		}
		if err := files[i].Close(); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// pairedRows writes n tickets to the three files and returns how many were rated.
func pairedRows(n int, tw, rw, zw *bufio.Writer) (ratings int) {
	r := rand.New(rand.NewPCG(5, 6))
	tw.WriteString("ticket_id,created_at,customer_id,channel,team,agent,category,first_reply_at,first_solved_at,solved_at,reopens,agent_replies\n")
	rw.WriteString("response_id,survey,score,submitted_at,customer_id,ticket_id,team,agent\n")
	zw.WriteString(zendeskHeader)
	local := func(sec int64) string { return time.Unix(sec, 0).UTC().Format(time.DateTime) }
	for i := range n {
		id, customer := strconv.Itoa(100_000+i), strconv.Itoa(380_000+r.IntN(max(1, n/5)))
		created := start + r.Int64N(year)
		agent := r.IntN(40)
		team, name := teams[agent%len(teams)], "Agent "+strconv.Itoa(agent)
		via := zendeskVia[r.IntN(len(zendeskVia))]
		kind := zendeskTypes[r.IntN(len(zendeskTypes))]
		reopens, replies := strconv.Itoa(r.IntN(2)*r.IntN(2)), strconv.Itoa(r.IntN(4))
		replyMin, reply := "", ""
		if r.IntN(10) < 9 {
			m := 1 + r.Int64N(2*24*60)
			replyMin, reply = strconv.FormatInt(m, 10), stamp(created+m*60)
		}
		solvedMin, firstSolved, solved, solvedLocal, status, score := "", "", "", "", "Open", "Not Offered"
		if r.IntN(100) < 85 {
			sec := 3*24*3600 + r.Int64N(7*24*3600)
			solvedMin, firstSolved = strconv.FormatInt(sec/60, 10), stamp(created+sec/60*60)
			solved, solvedLocal, status = stamp(created+sec), local(created+sec), "Solved"
			switch v := r.IntN(10); {
			case v < 3:
				score = "Good"
			case v < 4:
				score = "Bad"
			case v < 7:
				score = "Offered"
			default:
				score = "Unoffered"
			}
		}
		join(tw, id, stamp(created), customer, via[1], team, name, kind, reply, firstSolved, solved, reopens, replies)
		if score == "Good" || score == "Bad" {
			ratings++
			join(rw, id, "csat", map[string]string{"Good": "5", "Bad": "1"}[score], solved, customer, id, team, name)
		}
		join(zw, "1", id, "Klant "+customer, customer, "", "klant"+customer+"@example.nl", "example.nl", "Klant "+customer,
			name, team, "Vraag over bestelling "+id, "bestelling", status, "Normal", via[0], kind, local(created),
			local(created+3600), local(created+300), "", "", local(created+300), solvedLocal, "", score, "1", "1",
			reopens, replies, replyMin, replyMin, solvedMin, solvedMin, solvedMin, solvedMin, "0", "0", "0", "0", "0", "0", "bestelling")
	}
	return ratings
}

// join writes one CSV row of cells that need no quoting.
func join(w *bufio.Writer, cells ...string) {
	for i, c := range cells {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString(c)
	}
	w.WriteByte('\n')
}
