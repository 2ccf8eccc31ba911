package web

import (
	"fmt"
	"testing"
	"time"
)

// TestCounter: a counter takes max uses of a key for keep from its first, gives none back in
// between (a bucket would), forgets the key after keep, and holds no more than share keys of a
// group; a group at its share takes no room of another's.
func TestCounter(t *testing.T) {
	type use struct {
		group, key string
		at         time.Duration
	}
	t0 := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		uses []use
		want string
	}{
		{"three, then none all day", []use{{"s", "a", 0}, {"s", "a", time.Minute}, {"s", "a", time.Hour}, {"s", "a", 2 * time.Hour}, {"s", "a", 23*time.Hour + 59*time.Minute}},
			"[ok ok ok wait 22h0m0s wait 1m0s]"},
		{"forgotten after keep", []use{{"s", "a", 0}, {"s", "a", 0}, {"s", "a", 0}, {"s", "a", 24 * time.Hour}, {"s", "a", 25 * time.Hour}},
			"[ok ok ok ok ok]"},
		// The third waits until a, the oldest, is forgotten: 22 hours.
		{"two keys fill a group; a third waits for room", []use{{"s", "a", 0}, {"s", "b", time.Hour}, {"s", "c", 2 * time.Hour}, {"s", "b", 3 * time.Hour}, {"s", "c", 24*time.Hour + time.Minute}},
			"[ok ok wait 22h0m0s ok ok]"},
		{"a full group takes no room of another's", []use{{"s", "a", 0}, {"s", "b", 0}, {"s", "c", 0}, {"t", "a", time.Hour}, {"t", "b", time.Hour}, {"t", "c", time.Hour}},
			"[ok ok wait 24h0m0s ok ok wait 24h0m0s]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := newCounter(3, 24*time.Hour, 2)
			var got []string
			for _, u := range tt.uses {
				ok, retry := c.take(u.group, u.key, t0.Add(u.at))
				if ok {
					got = append(got, "ok")
				} else {
					got = append(got, "wait "+retry.String())
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %v, want %s", got, tt.want)
			}
		})
	}
}
