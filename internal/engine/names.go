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

// namedDimensions are the dictionaries of the values the store's filters compare as names
// compare (its names table), by the store's name of the dimension.
func (e *Engine) namedDimensions() map[string]*names {
	return map[string]*names{"channel": &e.channels, "team": &e.teams, "agent": &e.agents,
		"category": &e.categories, "segment": &e.segments}
}

// NameCount is how many values and spellings NamedValues would return: it grows when a
// record brings a new one, so a caller that recorded them all needs to look again only then.
func (e *Engine) NameCount() int {
	e.mu.RLock()
	defer e.mu.RUnlock()
	n := 0
	for _, d := range e.namedDimensions() {
		n += d.len() - 1 + len(d.spelled)
	}
	return n
}

// NamedValues returns, by dimension (channel, team, agent, category, segment), the values the
// engine holds as it shows them and every spelling it remembers as it arrived (maxSpellings
// a dimension): what its dictionaries hold, some thousands at most however many records there
// are. A value may come twice.
func (e *Engine) NamedValues() map[string][]string {
	e.mu.RLock()
	defer e.mu.RUnlock()
	out := map[string][]string{}
	for dim, d := range e.namedDimensions() {
		values := make([]string, 0, d.len()-1+len(d.spelled))
		values = append(values, d.shown[1:]...)
		for s := range d.spelled {
			values = append(values, s)
		}
		out[dim] = values
	}
	return out
}
