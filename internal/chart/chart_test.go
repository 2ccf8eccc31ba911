package chart

import (
	"bytes"
	"image/color"
	"image/png"
	"testing"
)

func TestSteps(t *testing.T) {
	tests := []struct {
		name      string
		raw, want float64
		time      bool
	}{
		{"a quarter rounds up to 0.5", 0.3, 0.5, false},
		{"17 rounds up to 20", 17, 20, false},
		{"exactly 5 stays", 5, 5, false},
		{"nothing is 1", 0, 1, false},
		{"40 s is a minute", 40, 60, true},
		{"20 minutes is half an hour", 1200, 1800, true},
		{"5 hours is 6", 5 * 3600, 6 * 3600, true},
		{"3 days are 5 days", 3 * 86400, 5 * 86400, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := niceStep(tt.raw)
			if tt.time {
				got = timeStep(tt.raw)
			}
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func f(x float64) *float64 { return &x }

// A line of three buckets with the middle one unmeasured: the first and last points are drawn
// in the series' colour, nothing at the gap, and the PNG decodes to the asked size.
func TestLineDrawsPointsAndGaps(t *testing.T) {
	c := Line{Title: "NPS", Labels: []string{"a", "b", "c"}, Width: 600, Height: 250,
		Series: []Series{{Name: "NPS", Values: []*float64{f(10), nil, f(30)}}}}
	img := c.Image()
	// The plot area (scale 0.5): x from 55 to 585, y from 45 down to 220. 10 is less than half
	// of 30, so the axis keeps zero: 0..30 in steps of 10; 10 is a third up, at 220 − 58 = 162,
	// and 30 at the top.
	colour := Palette[0]
	if got := img.RGBAAt(55, 162); got != colour {
		t.Errorf("first point: %v, want %v", got, colour)
	}
	if got := img.RGBAAt(585, 45); got != colour {
		t.Errorf("last point: %v, want %v", got, colour)
	}
	for y := 45; y <= 220; y++ {
		if img.RGBAAt(320, y) == colour {
			t.Fatalf("something drawn at the unmeasured bucket (320, %d)", y)
		}
	}
	var b bytes.Buffer
	if err := c.PNG(&b); err != nil {
		t.Fatal(err)
	}
	back, err := png.Decode(&b)
	if err != nil || back.Bounds().Dx() != 600 || back.Bounds().Dy() != 250 {
		t.Errorf("PNG: %v, %v", err, back.Bounds())
	}
}

func TestLineWithoutMeasurements(t *testing.T) {
	img := Line{Title: "CSAT", Labels: []string{"a"}, Series: []Series{{Name: "CSAT", Values: []*float64{nil}}}}.Image()
	for y := 0; y < img.Bounds().Dy(); y++ {
		for x := 0; x < img.Bounds().Dx(); x++ {
			if img.RGBAAt(x, y) == Palette[0] && y > 100 {
				t.Fatalf("a point drawn at (%d, %d) with nothing measured", x, y)
			}
		}
	}
}

// A partial bucket's point is hollow: its centre stays white, its ring has the colour.
func TestPartialPointIsHollow(t *testing.T) {
	c := Line{Labels: []string{"a", "b"}, Partial: []bool{false, true}, Width: 600, Height: 250,
		Series: []Series{{Name: "x", Values: []*float64{f(30), f(30)}}}}
	img := c.Image()
	// 30 of 0..30 (the axis keeps zero: lo == hi) lies at the top, y 45; the points at x 55 and 585.
	if got := img.RGBAAt(55, 45); got != Palette[0] {
		t.Errorf("whole point's centre %v, want the colour", got)
	}
	if got := img.RGBAAt(585, 45); got != (color.RGBA{255, 255, 255, 255}) {
		t.Errorf("partial point's centre %v, want white", got)
	}
	if got := img.RGBAAt(585+2, 45); got != Palette[0] {
		t.Errorf("partial point's ring %v, want the colour", got)
	}
}
