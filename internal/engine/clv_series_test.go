package engine

import "testing"

// TestWindowMasks: windows overlapping, nested, touching and apart, an instant's mask as a
// test of each window gives it (k's bit when from ≤ t < to), at every bound, a second on
// either side and in between; on spans short and long enough for cells of more than the
// shortest length.
func TestWindowMasks(t *testing.T) {
	day := uint32(86400)
	for _, ws := range [][]span{
		{{100, 200}},
		{{100, 200}, {150, 250}, {120, 130}, {250, 300}, {400, 500}},
		{{10 * day, 375 * day}, {40 * day, 405 * day}, {375 * day, 740 * day}, {10*day + 3600, 40*day - 1}},
		{{1, 60000 * day}, {30000 * day, 30000*day + 1}, {59999 * day, 60000 * day}}, // 164 years: longer cells
	} {
		windows := make([]clvWindow, len(ws))
		var probes []uint32
		for k, w := range ws {
			windows[k] = clvWindow{span: w}
			for _, b := range []uint32{w.from, w.to} {
				probes = append(probes, b-1, b, b+1, b+day/3)
			}
		}
		m := newWindowMasks(windows)
		all := m.all()
		for _, at := range probes {
			var want uint64
			for k, w := range ws {
				if at >= w.from && at < w.to {
					want |= 1 << k
				}
			}
			if !all.has(at) {
				if want != 0 {
					t.Errorf("%v: %d is in windows %b but outside all %v", ws, at, want, all)
				}
				continue
			}
			if got := m.of(at); got != want {
				t.Errorf("%v: of(%d) = %b, want %b", ws, at, got, want)
			}
		}
		if len(m.cells) > maxWindowCells+1 {
			t.Errorf("%v: %d cells, at most %d", ws, len(m.cells), maxWindowCells+1)
		}
	}
	// Windows of no length hold nothing, and no instant is asked.
	if m := newWindowMasks([]clvWindow{{span: span{5, 5}}}); m.all().has(5) {
		t.Error("a window of no length holds its start")
	}
}
