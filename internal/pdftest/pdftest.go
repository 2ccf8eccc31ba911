// Package pdftest reads a PDF the way a person would look at it, for tests: its text layer
// (pdftotext) and its pages as PNG images (pdftoppm), both of Debian's poppler-utils. Without
// them a test is skipped here and fails under CI=true, where .ci/run installs them.
package pdftest

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/testneed"
)

// need skips (or fails, under CI) a test when poppler's tools are missing.
func need(t testing.TB, tool string) string {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err != nil {
		testneed.Missing(t, tool+" is missing: apt-get install poppler-utils (.ci/run does)")
	}
	return path
}

// Text is the PDF's text in reading order with the layout kept, pages separated by form feeds.
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	cmd := exec.Command(need(t, "pdftotext"), "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("pdftotext: %v: %s", err, errOut.String())
	}
	return out.String()
}

// Pages turns every page into a PNG at dpi and returns them decoded, in page order, and the
// files' paths (kept in the test's temporary folder, to look at while debugging).
func Pages(t testing.TB, pdf []byte, dpi int) ([]image.Image, []string) {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(need(t, "pdftoppm"), "-r", strconv.Itoa(dpi), "-png", in, filepath.Join(dir, "page"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	sort.Strings(paths) // page-1 … page-9 (pdftoppm pads the numbers past nine pages)
	var imgs []image.Image
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		imgs = append(imgs, img)
	}
	return imgs, paths
}

// Inked is the share of an image's pixels that are not near-white: 0 for a blank page.
func Inked(img image.Image) float64 {
	b := img.Bounds()
	var n int
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g := color.GrayModel.Convert(img.At(x, y)).(color.Gray)
			if g.Y < 200 {
				n++
			}
		}
	}
	return float64(n) / float64(b.Dx()*b.Dy())
}

// Count is how many times s occurs in text, spaces squeezed (pdftotext's layout spaces vary).
func Count(text, s string) int { return strings.Count(Squeeze(text), Squeeze(s)) }

// Squeeze turns every run of spaces into one.
func Squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }

// Turned tells, per page, whether it is wider than tall (A4 landscape), as pdfinfo reads the
// page's size from the file.
func Turned(t testing.TB, pdf []byte) []bool {
	t.Helper()
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(need(t, "pdfinfo"), "-f", "1", "-l", "9999", in).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v: %s", err, out)
	}
	var turned []bool
	for _, line := range strings.Split(string(out), "\n") {
		// "Page    1 size: 841.89 x 595.28 pts (A4)"
		f := strings.Fields(line)
		if len(f) < 6 || f[0] != "Page" || f[2] != "size:" || f[4] != "x" {
			continue
		}
		w, errW := strconv.ParseFloat(f[3], 64)
		h, errH := strconv.ParseFloat(f[5], 64)
		if errW != nil || errH != nil {
			t.Fatalf("pdfinfo: a page size %q", line)
		}
		turned = append(turned, w > h)
	}
	if len(turned) == 0 {
		t.Fatalf("pdfinfo names no page's size:\n%s", out)
	}
	return turned
}
