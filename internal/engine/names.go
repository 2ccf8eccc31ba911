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
	// spelled maps a value as it arrived to its index, so a spelling seen before costs one
	// map lookup instead of trimming and lower-casing it into a new string: three of every
	// ticket's and answer's values (channel, team, agent) are looked up on every load.
	// Written under the engine's write lock only (id), never read by queries.
	spelled map[string]uint16
}

// maxSpellings bounds the spellings remembered per dimension: enough for every agent of a
// large service desk, not a copy of a dimension of many distinct values.
const maxSpellings = 4096

func newNames() names { return names{index: map[string]uint16{}, shown: []string{""}} }

// maxNames bounds a dimension; past it values share one bucket rather than fail a write.
const maxNames = 65535

// id returns the index of s, adding it when new.
func (n *names) id(s string) uint16 {
	if i, ok := n.spelled[s]; ok {
		return i
	}
	i := n.add(s)
	if n.spelled == nil {
		n.spelled = map[string]uint16{}
	}
	if len(n.spelled) < maxSpellings {
		n.spelled[s] = i
	}
	return i
}

// add returns the index of s by its key (trimmed, lower case), adding it when new.
func (n *names) add(s string) uint16 {
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
