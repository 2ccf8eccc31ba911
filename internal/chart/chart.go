// Package chart draws the small line charts of klantpuls's printed and mailed output — the PDF
// export, the e-mail digest — as images made in Go: no browser, no JavaScript. The dashboard
// draws its own charts in the browser; these follow its look (a line per series over the
// period's buckets, gaps where nothing was measured) at a size for paper.
package chart

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"strconv"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Series is one line: a value per label of the chart; nil is a bucket without a measurement
// (no answers that week), drawn as a gap, never as zero.
type Series struct {
	Name   string
	Values []*float64
}

// Line is a line chart over labelled buckets (weeks, days, months).
type Line struct {
	Title  string
	Labels []string // one per bucket, on the x axis
	// Partial marks the buckets only partly measured (the week still running, a week cut by
	// the period's edge): their points are drawn hollow and the line into them lighter, so a
	// half week does not read as a dip.
	Partial []bool
	Series  []Series
	// Tick writes a y-axis value in the reader's language (3,5 in Dutch); default: %g.
	Tick func(float64) string
	// Seconds says the values are durations: the axis steps by whole minutes or hours.
	Seconds bool
	// Whole says the values are whole numbers (counts, an NPS): the axis steps by 1 or more.
	Whole         bool
	Width, Height int // pixels; default 1200 × 500
}

// Palette is the colours of the series, in order: the dashboard's.
var Palette = []color.RGBA{{0x1f, 0x5f, 0xa8, 255}, {0xd9, 0x6c, 0x1e, 0xff}, {0x2e, 0x8b, 0x57, 255}, {0x8e, 0x44, 0xad, 255}}

var (
	ink   = color.RGBA{0x22, 0x22, 0x22, 255}
	muted = color.RGBA{0x77, 0x77, 0x77, 255}
	grid  = color.RGBA{0xdd, 0xdd, 0xdd, 255}
)

// PNG writes the chart as a PNG image.
func (c Line) PNG(w io.Writer) error { return png.Encode(w, c.Image()) }

// Image draws the chart.
func (c Line) Image() *image.RGBA {
	if c.Width <= 0 || c.Height <= 0 {
		c.Width, c.Height = 1200, 500
	}
	if c.Tick == nil {
		c.Tick = func(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }
	}
	img := image.NewRGBA(image.Rect(0, 0, c.Width, c.Height))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	scale := float64(c.Height) / 500
	text, small := face(26*scale), face(20*scale)
	defer text.Close()
	defer small.Close()
	write(img, text, ink, int(20*scale), int(34*scale), c.Title)
	// The legend under the title, a coloured dash before each name.
	x := int(20 * scale)
	for i, s := range c.Series {
		col := Palette[i%len(Palette)]
		y := int(66 * scale)
		fill(img, image.Rect(x, y-int(8*scale), x+int(24*scale), y-int(4*scale)), col)
		x += int(30 * scale)
		x += write(img, small, ink, x, y, s.Name) + int(24*scale)
	}
	lo, hi, ok := c.bounds()
	plot := image.Rect(int(110*scale), int(90*scale), c.Width-int(30*scale), c.Height-int(60*scale))
	if !ok {
		write(img, small, muted, plot.Min.X, plot.Min.Y+plot.Dy()/2, "–")
		return img
	}
	// Four steps of a round size between lo and hi, labelled in the reader's language.
	step := niceStep((hi - lo) / 4)
	if c.Seconds {
		step = timeStep((hi - lo) / 4)
	}
	if c.Whole {
		step = max(step, 1)
	}
	lo, hi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	if hi == lo {
		hi = lo + step
	}
	yOf := func(v float64) int { return plot.Max.Y - int(math.Round((v-lo)/(hi-lo)*float64(plot.Dy()))) }
	for v := lo; v <= hi+step/2; v += step {
		y := yOf(v)
		fill(img, image.Rect(plot.Min.X, y, plot.Max.X, y+1), grid)
		label := c.Tick(v)
		write(img, small, muted, plot.Min.X-int(10*scale)-measure(small, label), y+int(7*scale), label)
	}
	n := len(c.Labels)
	xOf := func(i int) int {
		if n <= 1 {
			return plot.Min.X + plot.Dx()/2
		}
		return plot.Min.X + i*plot.Dx()/(n-1)
	}
	// At most eight labels on the x axis, evenly spread, so they never overlap.
	every := max(1, (n+7)/8)
	for i, l := range c.Labels {
		if i%every == 0 || i == n-1 && n <= 8 {
			// Centred under its point, but never past the image's edges.
			x := min(max(xOf(i)-measure(small, l)/2, 2), c.Width-measure(small, l)-2)
			write(img, small, muted, x, plot.Max.Y+int(30*scale), l)
		}
	}
	r := max(2, int(3*scale))
	for si, s := range c.Series {
		col := Palette[si%len(Palette)]
		for i := 0; i < len(s.Values) && i < n; i++ {
			if s.Values[i] == nil {
				continue
			}
			p := image.Pt(xOf(i), yOf(*s.Values[i]))
			if i+1 < len(s.Values) && i+1 < n && s.Values[i+1] != nil {
				line := col
				if c.partial(i) || c.partial(i+1) {
					line = light(col)
				}
				segment(img, p, image.Pt(xOf(i+1), yOf(*s.Values[i+1])), r/2+1, line)
			}
			dot(img, p, r+1, col)
			if c.partial(i) {
				dot(img, p, r-1, color.RGBA{255, 255, 255, 255}) // hollow
			}
		}
	}
	return img
}

func (c Line) partial(i int) bool { return i < len(c.Partial) && c.Partial[i] }

// light is a colour mixed two parts to one with white.
func light(c color.RGBA) color.RGBA {
	mix := func(v uint8) uint8 { return uint8((int(v) + 2*255) / 3) }
	return color.RGBA{mix(c.R), mix(c.G), mix(c.B), 255}
}

// bounds is the range of the measured values; false when nothing was measured.
func (c Line) bounds() (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range c.Series {
		for _, v := range s.Values {
			if v != nil && !math.IsNaN(*v) && !math.IsInf(*v, 0) {
				lo, hi, ok = min(lo, *v), max(hi, *v), true
			}
		}
	}
	if ok && lo > 0 && (lo < hi/2 || lo == hi) {
		lo = 0 // a figure far from zero keeps its baseline, so a small change does not look large
	}
	return lo, hi, ok
}

// niceStep rounds a step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}

// timeStep rounds a step of seconds up to a length a clock reads: 1, 5, 10, 15 or 30 minutes,
// 1, 2, 4, 6, 12 or 24 hours, else whole days by niceStep.
func timeStep(raw float64) float64 {
	for _, s := range []float64{60, 300, 600, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400} {
		if s >= raw {
			return s
		}
	}
	return 86400 * niceStep(raw/86400)
}

func face(size float64) font.Face {
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		panic("chart: the Go font does not parse: " + err.Error()) // compiled in: cannot happen
	}
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic("chart: " + err.Error())
	}
	return fc
}

// write draws text with its baseline at y and returns its width.
func write(img draw.Image, f font.Face, col color.Color, x, y int, s string) int {
	d := &font.Drawer{Dst: img, Src: image.NewUniform(col), Face: f, Dot: fixed.P(x, y)}
	d.DrawString(s)
	return (d.Dot.X - fixed.I(x)).Round()
}

func measure(f font.Face, s string) int { return font.MeasureString(f, s).Round() }

func fill(img draw.Image, r image.Rectangle, col color.Color) {
	draw.Draw(img, r, image.NewUniform(col), image.Point{}, draw.Src)
}

func dot(img *image.RGBA, p image.Point, r int, col color.RGBA) {
	for dy := -r; dy <= r; dy++ {
		for dx := -r; dx <= r; dx++ {
			if dx*dx+dy*dy <= r*r {
				img.SetRGBA(p.X+dx, p.Y+dy, col)
			}
		}
	}
}

// segment draws a thick line from a to b as dots along it.
func segment(img *image.RGBA, a, b image.Point, r int, col color.RGBA) {
	steps := max(abs(b.X-a.X), abs(b.Y-a.Y))
	for i := 0; i <= steps; i++ {
		t := float64(i) / float64(max(1, steps))
		dot(img, image.Pt(a.X+int(math.Round(t*float64(b.X-a.X))), a.Y+int(math.Round(t*float64(b.Y-a.Y)))), r, col)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
