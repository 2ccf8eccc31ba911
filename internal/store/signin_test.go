package store

import (
	"testing"
	"time"
)

func TestSignInLimitHold(t *testing.T) {
	l := SignInLimit{Free: 5, First: time.Second, Max: 15 * time.Minute, Forget: 24 * time.Hour}
	tests := []struct {
		failures int
		want     time.Duration
	}{
		{0, 0}, {1, 0}, {4, 0},
		{5, time.Second}, {6, 2 * time.Second}, {7, 4 * time.Second},
		{14, 512 * time.Second},
		{15, 15 * time.Minute}, // 1024 s, cut to 900
		{1000, 15 * time.Minute},
	}
	for _, tt := range tests {
		if got := l.Hold(tt.failures); got != tt.want {
			t.Errorf("Hold(%d) = %v, want %v", tt.failures, got, tt.want)
		}
	}
}
