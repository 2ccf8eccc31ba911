package web

import (
	"fmt"
	"testing"
	"time"
)

// TestCounter: a counter takes max uses of a key for keep from its first, gives none back in
// between (a bucket would), forgets the key after keep, and holds no more than size keys.
func TestCounter(t *testing.T) {
	type use struct {
		key string
		at  time.Duration
	}
	t0 := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		uses []use
		want string
	}{
		{"three, then none all day", []use{{"a", 0}, {"a", time.Minute}, {"a", time.Hour}, {"a", 2 * time.Hour}, {"a", 23*time.Hour + 59*time.Minute}},
			"[ok ok ok wait 22h0m0s wait 1m0s]"},
		{"forgotten after keep", []use{{"a", 0}, {"a", 0}, {"a", 0}, {"a", 24 * time.Hour}, {"a", 25 * time.Hour}},
			"[ok ok ok ok ok]"},
		{"two keys fill it; a third waits for room", []use{{"a", 0}, {"b", time.Hour}, {"c", 2 * time.Hour}, {"b", 3 * time.Hour}, {"c", 24*time.Hour + time.Minute}},
			"[ok ok wait 1m0s ok ok]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := newCounter(3, 24*time.Hour, 2)
			var got []string
			for _, u := range tt.uses {
				ok, retry := c.take(u.key, t0.Add(u.at))
				if ok {
					got = append(got, "ok")
				} else {
					got = append(got, "wait "+retry.String())
				}
			}
			if fmt.Sprint(got) != tt.want {
				t.Errorf("got %v, want %s", got, tt.want)
			}
		})
	}
}
