package metric

import (
	"testing"
	"time"
)

func TestAgeBucketOf(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		name string
		age  time.Duration
		want string
	}{
		{"just created", 0, "1d"},
		{"a second under a day", day - time.Second, "1d"},
		{"exactly one day", day, "1-3d"},
		{"exactly three days", 3 * day, "3-7d"},
		{"a second under seven days", 7*day - time.Second, "3-7d"},
		{"exactly seven days", 7 * day, "7d+"},
		{"a year", 365 * day, "7d+"},
		{"created after the clock", -time.Hour, "1d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := AgeBuckets[AgeBucketOf(tt.age)].Key; got != tt.want {
				t.Errorf("AgeBucketOf(%v) = %s, want %s", tt.age, got, tt.want)
			}
		})
	}
}

func TestBreachesMet(t *testing.T) {
	// 1 of 4 late: 25% breached, 75% met.
	if got := NewBreaches(1, 4).Met(); got == nil || *got != 75 {
		t.Errorf("met of 1 late in 4 = %v, want 75", got)
	}
	if got := NewBreaches(0, 0).Met(); got != nil {
		t.Errorf("met with nothing due = %v, want null", *got)
	}
}
