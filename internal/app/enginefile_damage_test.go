package app

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// smallEngineFile writes the engine file of a database holding a customer, an order, a ticket
// with its messages and commented answers, and returns the App (engine loaded), the database,
// the file and its bytes.
func smallEngineFile(t *testing.T) (*App, string, string, []byte) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db, file := filepath.Join(dir, "klantpuls.db"), filepath.Join(dir, "klantpuls.db.engine")
	a := openFile(t, db, nil)
	recs := []cx.Record{
		&cx.Customer{ID: "jan@voorbeeld.nl", AcquiredAt: march(1, 9, 0), Name: "Jan", Email: "jan@voorbeeld.nl"},
		&cx.Order{ID: "O1", CustomerID: "jan@voorbeeld.nl", OrderedAt: march(3, 10, 0), Amount: 12.5},
		&cx.Ticket{ID: "T1", CreatedAt: march(2, 10, 0), CustomerID: "jan@voorbeeld.nl", Channel: "email", Team: "Support", Agent: "Piet",
			FirstReplyAt: march(2, 11, 0), SolvedAt: march(3, 9, 0)},
		&cx.Message{ID: "M1", TicketID: "T1", At: march(2, 10, 0), Author: cx.AuthorCustomer},
		&cx.Message{ID: "M2", TicketID: "T1", At: march(2, 11, 0), Author: cx.AuthorAgent, Agent: "Piet"},
		&cx.Response{ID: "R1", Survey: "nps", Score: 2, SubmittedAt: march(4, 10, 0), CustomerID: "jan@voorbeeld.nl",
			TicketID: "T1", Comment: "Mijn hernia-operatie ging mis door jullie vertraging"},
	}
	recs = append(recs, answers("A", 5)...)
	if _, err := a.Ingest(ctx, recs); err != nil {
		t.Fatal(err)
	}
	if _, err := a.StartEngine(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if err := a.SaveSnapshot(file); err != nil {
		t.Fatal(err)
	}
	return a, db, file, readFile(t, file)
}

// TestEngineFileDamageIsRefused: a real engine file cut short, one byte longer, or with one
// byte changed is refused, and the engine loaded from the database — never used, never a
// failure or a panic ("a stale or damaged engine file is detected and rebuilt, never
// trusted"). A dimension's count of names with one bit flipped in its length panicked (index
// out of range): the count was used before its checksum was checked. Every byte with its
// lowest bit flipped (every column's length among them), every cut at or one short of a
// multiple of 8 (a column's edge) and the cut one byte short is refused by the file's reading
// (restoreFile); a start (StartEngine, which then loads from the database) is tried on a spread
// of 16 or more of each kind (sampled), the last among them: a start for each took 19–45 s of
// a CI run. Each of the 255 changes of every byte and every cut took 25 s, too long for every
// run (FuzzEngineFile goes further when asked).
func TestEngineFileDamageIsRefused(t *testing.T) {
	ctx := context.Background()
	a, _, file, good := smallEngineFile(t)
	want := a.Engine().Records()
	refused := func(what string, b []byte) {
		t.Helper()
		writeFile(t, file, b)
		defer func() {
			if p := recover(); p != nil {
				t.Errorf("%s: reading the file panicked: %v", what, p)
			}
		}()
		ok, why, err := a.restoreFile(ctx, file)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if ok || why == "" {
			t.Errorf("%s: the file was used (%v) or refused without a reason (%q)", what, ok, why)
		}
	}
	started := func(what string, b []byte) {
		t.Helper()
		writeFile(t, file, b)
		defer func() {
			if p := recover(); p != nil {
				t.Errorf("%s: the start panicked: %v", what, p)
			}
		}()
		st, err := a.StartEngine(ctx, file)
		if err != nil {
			t.Fatalf("%s: the start failed: %v", what, err)
		}
		if st.FromFile || st.Refused == "" || a.Engine().Records() != want {
			t.Errorf("%s: started %+v with %d records; want refused, %d from the database", what, st, a.Engine().Records(), want)
		}
	}
	// Every cut at or one short of a multiple of 8 (a column's edge), and the cut one byte short
	// of the whole file whatever its length, is refused; a start is tried on some 16 of them
	// spread over all, the last among them (a start costs what a hundred refusals do).
	var cuts []int
	for n := range len(good) {
		if n%8 == 0 || n%8 == 7 || n == len(good)-1 {
			cuts = append(cuts, n)
		}
	}
	for _, n := range cuts {
		refused("cut at "+strconv.Itoa(n), good[:n])
	}
	for _, i := range sampled(len(cuts), 16) {
		started("cut at "+strconv.Itoa(cuts[i]), good[:cuts[i]])
	}
	flipped := func(i int) (string, []byte) {
		b := bytes.Clone(good)
		b[i] ^= 1
		return "byte " + strconv.Itoa(i) + " with its lowest bit flipped", b
	}
	for i := range good {
		refused(flipped(i))
	}
	for _, i := range sampled(len(good), 16) {
		started(flipped(i))
	}
	refused("a byte more", append(bytes.Clone(good), 0))
	started("a byte more", append(bytes.Clone(good), 0))
}

// sampled are the indices, of n cases, of those a costly check is tried on: every n/k-th from
// the first, and the last — k of them or a few more, spread over all n, the first and the last
// among them (all n when n <= k).
func sampled(n, k int) []int {
	every := max(1, n/k)
	var out []int
	for i := 0; i < n; i += every {
		out = append(out, i)
	}
	if n > 0 && out[len(out)-1] != n-1 {
		out = append(out, n-1)
	}
	return out
}

func TestSampled(t *testing.T) {
	for _, tc := range []struct {
		n, k int
		want []int
	}{
		{0, 16, nil},
		{1, 16, []int{0}},
		{5, 16, []int{0, 1, 2, 3, 4}},
		{16, 16, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}},
		// 100/16 = 6: 0, 6, …, 96, and the last, 99.
		{100, 16, []int{0, 6, 12, 18, 24, 30, 36, 42, 48, 54, 60, 66, 72, 78, 84, 90, 96, 99}},
		// 10/4 = 2: the last, 9, follows 8.
		{10, 4, []int{0, 2, 4, 6, 8, 9}},
		// 9/3 = 3: 6 + 3 is past the end; the last, 8, follows.
		{9, 3, []int{0, 3, 6, 8}},
	} {
		if got := sampled(tc.n, tc.k); !slices.Equal(got, tc.want) {
			t.Errorf("sampled(%d, %d) = %v, want %v", tc.n, tc.k, got, tc.want)
		}
	}
}
