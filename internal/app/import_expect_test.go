package app

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// loads records what feedEngine asks of the engine's loader.
type loads struct {
	puts    int
	expects map[cx.Kind]int
	putsAt  int // puts before the first Expect
}

func (l *loads) Put(cx.Record) { l.puts++ }
func (l *loads) Expect(kind cx.Kind, more int) {
	if len(l.expects) == 0 {
		l.putsAt = l.puts
	}
	l.expects[kind] = more
}

// TestFeedEngineExpects: after expectAfter rows (64 batches of 4,096: three tickets to one
// answer) an import estimated at 1,000,000 rows makes room, per kind as they came, for the
// rest with a percent to spare — by hand: 737,856 rows to come, ¾ tickets 553,392 ·1.01 =
// 558,925.92, ¼ answers 184,464 ·1.01 = 186,308.64 — once; an estimate no larger than what
// was read, or none, asks for nothing.
func TestFeedEngineExpects(t *testing.T) {
	feed := func(batches int, expect func() int) *loads {
		l := &loads{expects: map[cx.Kind]int{}}
		ch := make(chan []cx.Record, batches)
		b := make([]cx.Record, 0, 4096)
		for i := range 4096 {
			if i%4 == 3 {
				b = append(b, &cx.Response{ID: "R"})
			} else {
				b = append(b, &cx.Ticket{ID: "T"})
			}
		}
		for range batches {
			ch <- b
		}
		close(ch)
		feedEngine(l, ch, expect)
		return l
	}
	asked := 0
	l := feed(70, func() int { asked++; return 1_000_000 })
	if want := map[cx.Kind]int{cx.KindTickets: 558925, cx.KindResponses: 186308}; len(l.expects) != 2 ||
		l.expects[cx.KindTickets] != want[cx.KindTickets] || l.expects[cx.KindResponses] != want[cx.KindResponses] {
		t.Errorf("expected %v; want %v", l.expects, want)
	}
	if asked != 1 || l.putsAt != expectAfter || l.puts != 70*4096 {
		t.Errorf("estimate asked %d times, room made after %d puts of %d; want once, after %d, all %d", asked, l.putsAt, l.puts, expectAfter, 70*4096)
	}
	if l := feed(70, func() int { return expectAfter }); len(l.expects) != 0 {
		t.Errorf("an estimate of what was read made room: %v", l.expects)
	}
	if l := feed(10, func() int { t.Error("estimate asked before expectAfter rows"); return 0 }); len(l.expects) != 0 || l.puts != 10*4096 {
		t.Errorf("a small import: %+v", l)
	}
	if l := feed(70, nil); len(l.expects) != 0 || l.puts != 70*4096 {
		t.Errorf("no estimate: %+v", l)
	}
}
