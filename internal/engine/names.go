package engine

import (
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// names is a small dictionary of a dimension's values (channels, teams, agents, segments,
// sources, event kinds, criteria). Values compare trimmed and case-insensitively and are shown
// as first seen (data.md section 2). Index 0 is "no value".
type names struct {
	index map[string]uint16
	shown []string
}

func newNames() names { return names{index: map[string]uint16{}, shown: []string{""}} }

// maxNames bounds a dimension; past it values share one bucket rather than fail a write.
const maxNames = 65535

// id returns the index of s, adding it when new.
func (n *names) id(s string) uint16 {
	k := cx.NameKey(s)
	if k == "" {
		return 0
	}
	if i, ok := n.index[k]; ok {
		return i
	}
	if len(n.shown) >= maxNames {
		return maxNames - 1
	}
	i := uint16(len(n.shown))
	n.index[k] = i
	n.shown = append(n.shown, strings.TrimSpace(s))
	return i
}

// find returns the index of s without adding it.
func (n *names) find(s string) (uint16, bool) {
	i, ok := n.index[cx.NameKey(s)]
	return i, ok
}

func (n *names) name(i uint16) string { return n.shown[i] }
func (n *names) len() int             { return len(n.shown) }
