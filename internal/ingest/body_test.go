package ingest

import (
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestCheckBodyDepth: a body nests at most MaxDepth (64) objects and arrays; the first value
// deeper is refused, named by its pointer, and nothing beyond it is read. The pointer of the
// n-th container of {"x":[[[…: the object is the first (""), x's array the second (/x), each
// "[" after it adds /0, so the 65th is /x followed by 63 × /0.
func TestCheckBodyDepth(t *testing.T) {
	nested := func(depth int) string { // depth containers: the object and depth-1 arrays
		return `{"x":` + strings.Repeat("[", depth-1) + strings.Repeat("]", depth-1) + `}`
	}
	tooDeep := "/x" + strings.Repeat("/0", 63)
	tests := []struct {
		name, body string
		pointer    string // of the one problem; "" for none
	}{
		{"64 deep", nested(64), ""},
		{"65 deep", nested(65), tooDeep},
		{"65 deep by objects", strings.Repeat(`{"a":`, 65) + "1" + strings.Repeat("}", 65), "/a" + strings.Repeat("/a", 63)},
		{"much deeper, and not closed", nested(100000)[:60000], tooDeep},
		{"a deep member name escaped", `{"a/b":` + strings.Repeat(`{"~":`, 64) + "1" + strings.Repeat("}", 65), "/a~1b" + strings.Repeat("/~0", 63)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			problems := CheckBody([]byte(tc.body))
			switch {
			case tc.pointer == "" && len(problems) > 0:
				t.Errorf("refused: %+v", problems)
			case tc.pointer != "" && (len(problems) != 1 || problems[0].Pointer != tc.pointer ||
				!strings.Contains(problems[0].Detail, "64")):
				t.Errorf("got %+v, want one problem at %s naming the limit", problems, tc.pointer)
			}
		})
	}
}

// TestDeepNestingCostsLittle: checking a body costs the same for any depth past MaxDepth. It
// wrote the pointer of every level as it went down, each kept on the stack until the body
// ended: "/0", "/0/0", … for a body of d "[" held d(d+1) bytes at once (Σ 2i), 25 MB for
// d = 5,000 (a 10 kB body; 40 GB for 200 kB, within the API's 32 MB body limit), in d
// allocations. Now it stops at the 65th level, having allocated no more than for a body 100
// deep, which it reads whole. Read and Patch, which check every body, cost under a megabyte for
// it (the measure is the test's own goroutine: nothing else runs).
func TestDeepNestingCostsLittle(t *testing.T) {
	nested := func(depth int) []byte {
		return []byte(`{"ticket_id":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `}`)
	}
	shallow, deep := nested(100), nested(5000)
	cost := func(f func()) (allocs float64, bytes uint64) {
		allocs = testing.AllocsPerRun(3, f)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		return allocs, after.TotalAlloc - before.TotalAlloc
	}
	shallowAllocs, _ := cost(func() { CheckBody(shallow) })
	deepAllocs, _ := cost(func() { CheckBody(deep) })
	// No more than a few more (the race detector's runs differ by one): before the depth cap
	// each level added a pointer string, thousands for 5000 levels.
	if deepAllocs > shallowAllocs+4 {
		t.Errorf("checking a body 5000 deep: %.0f allocations, one 100 deep %.0f; want about as many", deepAllocs, shallowAllocs)
	}
	cfg := config.Default()
	stored, err := Read(cx.KindTickets, cfg, []byte(patchTargets[cx.KindTickets]))
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]func() error{
		"CheckBody": func() error { CheckBody(deep); return errors.New("") },
		"Read":      func() error { _, err := Read(cx.KindTickets, cfg, deep); return err },
		"Patch":     func() error { _, err := Patch(cx.KindTickets, cfg, stored[0], deep); return err },
	} {
		var err error
		if _, bytes := cost(func() { err = f() }); bytes > 1<<20 || err == nil {
			t.Errorf("%s of a body 5000 deep: %d bytes, %v; want it refused for under 1 MB", name, bytes, err)
		}
	}
}
