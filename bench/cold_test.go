package bench

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkColdReport is issue 17 points 1 and 2 at 1M + 1M: `klantpuls report` (the whole
// year, split by agent) in a fresh process, from the database alone (--engine-file none, as
// before the engine file) and from the engine file beside it; the first report, which loads
// the database and writes the file; the whole without a split (from the database and from the
// file: both reports must be the same to the byte, or the benchmark fails); and `serve` until
// /readyz answers 200, both ways, with its resident memory per record a few seconds later
// (point 4). Beside the seconds it reports each as a multiple of the bench's baseline (one pass
// over an int64 column as long as the engine's records, BenchmarkBaselineScan) measured in the
// same run, and the file's speed-up.
func BenchmarkColdReport(b *testing.B) { coldFigures.report(b, "the cold report failed", measureCold) }

var coldFigures onceFigures

func measureCold(b *testing.B) map[string]float64 {
	setup(b)
	bin := filepath.Join(data.Dir, "klantpuls-bench")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/klantpuls").CombinedOutput(); err != nil {
		b.Logf("go build: %v\n%s", err, out)
		return nil
	}
	db := filepath.Join(data.Dir, "bench.db")
	file := db + ".engine"
	os.Remove(file)
	outputs := map[string][]byte{} // the reports, by how they were made
	timed := func(args ...string) (time.Duration, error) {
		start := time.Now()
		cmd := exec.Command(bin, append([]string{"--db", db}, args...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return 0, fmt.Errorf("klantpuls %v: %w\n%.2000s", args, err, stderr.Bytes())
		}
		outputs[strings.Join(args, " ")] = out
		return time.Since(start), nil
	}
	// The database's pages in the OS cache first, as for the runs after it: the first run
	// must not pay for the disk alone.
	for _, name := range []string{db, db + "-wal"} {
		if f, err := os.Open(name); err == nil {
			io.Copy(io.Discard, f)
			f.Close()
		}
	}
	report := []string{"report", "--from", "2025-01-01", "--to", "2026-01-01", "--by", "agent", "--format", "json"}
	fromDB, err := timed(append([]string{"--engine-file", "none"}, report...)...)
	if err == nil {
		if _, statErr := os.Stat(file); statErr == nil {
			err = fmt.Errorf("--engine-file none wrote %s", file)
		}
	}
	var first, fromFile time.Duration
	var serveDB, serveFile served
	if err == nil {
		first, err = timed(report...) // loads the database, answers, writes the file
	}
	if err == nil {
		fromFile, err = timed(report...)
	}
	// The whole without a split: its customer figures (the model fit) are not split by agent.
	whole := []string{"report", "--from", "2025-01-01", "--to", "2026-01-01", "--format", "json"}
	var wholeFromDB, wholeFromFile time.Duration
	if err == nil {
		wholeFromDB, err = timed(append([]string{"--engine-file", "none"}, whole...)...)
	}
	if err == nil {
		wholeFromFile, err = timed(whole...)
	}
	// The engine file (mapped and used in place) must answer as the database does, to the byte.
	if err == nil && (!bytes.Equal(outputs[strings.Join(report, " ")], outputs["--engine-file none "+strings.Join(report, " ")]) ||
		!bytes.Equal(outputs[strings.Join(whole, " ")], outputs["--engine-file none "+strings.Join(whole, " ")])) {
		err = errors.New("the report from the engine file differs from the one from the database")
	}
	// A record committed by a process that leaves the file as it is (a server writing, here an
	// import told not to touch it): the next report applies it on top of the file (a catch-up
	// of one record, which read every table before the store had an index on seq).
	var afterRecord time.Duration
	if err == nil {
		afterRecord, err = reportAfterARecord(timed, outputs, report)
	}
	if err == nil && bytes.Equal(outputs[strings.Join(report, " ")], outputs["after "+strings.Join(report, " ")]) {
		err = errors.New("the report after a record committed is the report before it")
	}
	if err == nil {
		serveDB, err = untilReady(bin, db, "--engine-file", "none")
	}
	if err == nil {
		serveFile, err = untilReady(bin, db)
	}
	if err != nil {
		b.Log(err)
		return nil
	}
	fi, err := os.Stat(file)
	if err != nil {
		b.Log(err)
		return nil
	}
	scan := scanBaseline(data.Tickets + data.Responses)
	records := float64(data.Tickets + data.Responses)
	figures := map[string]float64{
		"s/report-from-db":          fromDB.Seconds(),
		"s/report-first":            first.Seconds(),
		"s/report-from-file":        fromFile.Seconds(),
		"s/whole-from-db":           wholeFromDB.Seconds(),
		"s/whole-from-file":         wholeFromFile.Seconds(),
		"s/report-after-a-record":   afterRecord.Seconds(),
		"s/serve-ready-from-db":     serveDB.ready.Seconds(),
		"s/serve-ready-from-file":   serveFile.ready.Seconds(),
		"x/report-file-speedup":     fromDB.Seconds() / fromFile.Seconds(),
		"x/after-a-record":          afterRecord.Seconds() / fromFile.Seconds(),
		"x/serve-file-speedup":      serveDB.ready.Seconds() / serveFile.ready.Seconds(),
		"scans/report-from-db":      fromDB.Seconds() / scan.Seconds(),
		"scans/report-from-file":    fromFile.Seconds() / scan.Seconds(),
		"scans/serve-ready-from-db": serveDB.ready.Seconds() / scan.Seconds(),
		"engine-file-bytes/record":  float64(fi.Size()) / records,
	}
	// Issue 17 point 4: the server's resident memory after loading, a few seconds after it
	// is ready (its first model fits done), per record. Only where /proc tells it.
	if serveDB.rss > 0 && serveFile.rss > 0 {
		figures["rss-bytes/record-from-db"] = float64(serveDB.rss) / records
		figures["rss-bytes/record-from-file"] = float64(serveFile.rss) / records
	}
	return figures
}

// reportAfterARecord imports one ticket more (a copy of the data's first one under a new id)
// with --engine-file none, so the engine file lags it by one record, and times the report
// then; its output is kept under "after " and the report's arguments.
func reportAfterARecord(timed func(...string) (time.Duration, error), outputs map[string][]byte, report []string) (time.Duration, error) {
	f, err := os.Open(data.TicketsCSV)
	if err != nil {
		return 0, err
	}
	head := make([]byte, 4096) // the header and the first record, not the whole file
	n, err := io.ReadFull(f, head)
	f.Close()
	if err != nil && err != io.ErrUnexpectedEOF {
		return 0, err
	}
	lines := strings.SplitN(string(head[:n]), "\n", 3)
	if len(lines) < 3 {
		return 0, errors.New("the tickets file has no record")
	}
	_, rest, _ := strings.Cut(lines[1], ",")
	late := filepath.Join(data.Dir, "late-ticket.csv")
	if err := os.WriteFile(late, []byte(lines[0]+"\nlate-ticket-1,"+rest+"\n"), 0o644); err != nil {
		return 0, err
	}
	if _, err := timed("--engine-file", "none", "import", "--kind", "tickets", late); err != nil {
		return 0, err
	}
	key := strings.Join(report, " ")
	before := outputs[key]
	took, err := timed(report...)
	outputs["after "+key], outputs[key] = outputs[key], before
	return took, err
}

// served is what untilReady measured of a serve process: how long until /readyz answered 200,
// and its resident memory (bytes) rssSettle later; 0 where /proc does not tell it.
type served struct {
	ready time.Duration
	rss   int64
}

// rssSettle is how long after ready the memory is read: the load's garbage returned, the
// background model fits of the start done (at 1M + 1M they take about two seconds).
const rssSettle = 8 * time.Second

// residentBytes is a process's VmRSS from /proc (Linux), 0 when it cannot be read.
func residentBytes(pid int) int64 {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}

// untilReady starts `klantpuls serve` on db and returns how long it took until /readyz
// answered 200 and its resident memory rssSettle after, then stops it (SIGTERM: it writes its
// engine file, not timed).
func untilReady(bin, db string, flags ...string) (served, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return served{}, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, append(append([]string{"--db", db}, flags...), "serve", "--addr", addr)...)
	cmd.Env = append(os.Environ(), "KLANTPULS_ADMIN_EMAIL=bench@example.com", "KLANTPULS_ADMIN_PASSWORD=a long enough password")
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return served{}, err
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	for time.Since(start) < 10*time.Minute {
		if res, err := http.Get("http://" + addr + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				ready := time.Since(start)
				time.Sleep(rssSettle)
				return served{ready: ready, rss: residentBytes(cmd.Process.Pid)}, nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return served{}, fmt.Errorf("serve %v was not ready after 10 minutes", flags)
}

// scanBaseline is BenchmarkBaselineScan's pass over an int64 column of n values, timed
// (the best of five).
func scanBaseline(n int) time.Duration {
	col := make([]int64, n)
	for i := range col {
		col[i] = int64(i)
	}
	best := time.Duration(1 << 62)
	var sink int64
	for range 5 {
		start := time.Now()
		for _, v := range col {
			sink += v
		}
		best = min(best, time.Since(start))
	}
	if sink == 42 {
		fmt.Print("")
	}
	return best
}
