// Package bench measures klantpuls at scale: a generator of large canonical CSV files and the
// benchmarks of `make bench` (import rows/s, report milliseconds, engine bytes per record),
// each next to a baseline measured in the same run, so figures compare across machines as
// ratios.
package bench

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Dataset is a generated set of import files.
type Dataset struct {
	Dir                  string
	Tickets, Responses   int
	TicketsCSV, Answers  string // paths
	Customers, AgentsNum int
}

// Generate writes tickets.csv and responses.csv into dir: a year of data over 40 agents in 3
// teams and 4 channels, answered, solved and rated the way a busy service desk is. The same
// sizes give the same files.
func Generate(dir string, tickets, responses int) (*Dataset, error) {
	d := &Dataset{Dir: dir, Tickets: tickets, Responses: responses, Customers: max(1, tickets/5), AgentsNum: 40,
		TicketsCSV: filepath.Join(dir, "tickets.csv"), Answers: filepath.Join(dir, "responses.csv")}
	if err := d.write(d.TicketsCSV, d.ticketRows); err != nil {
		return nil, err
	}
	if err := d.write(d.Answers, d.responseRows); err != nil {
		return nil, err
	}
	return d, nil
}

func (d *Dataset) write(path string, rows func(w *bufio.Writer)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	rows(w)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

var (
	start    = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	channels = []string{"email", "chat", "phone", "social"}
	teams    = []string{"Support NL", "Support BE", "Klachten"}
)

const year = 365 * 24 * 3600

func stamp(sec int64) string { return time.Unix(sec, 0).UTC().Format(time.RFC3339) }

func (d *Dataset) ticketRows(w *bufio.Writer) {
	r := rand.New(rand.NewPCG(1, 2))
	w.WriteString("ticket_id,created_at,customer_id,channel,team,agent,complaint,first_reply_at,solved_at,reopens,agent_replies,wait_seconds,handle_seconds\n")
	for i := range d.Tickets {
		created := start + r.Int64N(year)
		agent := r.IntN(d.AgentsNum)
		ch := channels[r.IntN(len(channels))]
		reply, solved, wait, handle := "", "", "", ""
		if r.IntN(10) < 9 {
			reply = stamp(created + 60 + r.Int64N(2*24*3600))
		}
		if r.IntN(100) < 85 {
			solved = stamp(created + 3*24*3600 + r.Int64N(7*24*3600))
		}
		if ch == "phone" || ch == "chat" {
			wait, handle = strconv.Itoa(r.IntN(600)), strconv.Itoa(60+r.IntN(1200))
		}
		fmt.Fprintf(w, "T%d,%s,C%d,%s,%s,Agent %d,%t,%s,%s,%d,%d,%s,%s\n", i, stamp(created), r.IntN(d.Customers), ch,
			teams[agent%len(teams)], agent, r.IntN(20) == 0, reply, solved, r.IntN(2)*r.IntN(2), r.IntN(4), wait, handle)
	}
}

func (d *Dataset) responseRows(w *bufio.Writer) {
	r := rand.New(rand.NewPCG(3, 4))
	w.WriteString("response_id,survey,score,submitted_at,customer_id,ticket_id,comment,replied_at\n")
	for i := range d.Responses {
		at := start + r.Int64N(year)
		survey, score, ticket := "nps", r.IntN(11), ""
		switch r.IntN(3) {
		case 0:
			survey, score, ticket = "csat", 1+r.IntN(5), "T"+strconv.Itoa(r.IntN(max(1, d.Tickets)))
		case 1:
			survey, score, ticket = "ces", 1+r.IntN(7), "T"+strconv.Itoa(r.IntN(max(1, d.Tickets)))
		}
		comment, replied := "", ""
		if r.IntN(10) == 0 {
			comment = "Snel en vriendelijk geholpen"
			if r.IntN(2) == 0 {
				replied = stamp(at + 3600)
			}
		}
		fmt.Fprintf(w, "R%d,%s,%d,%s,C%d,%s,%s,%s\n", i, survey, score, stamp(at), r.IntN(d.Customers), ticket, comment, replied)
	}
}
