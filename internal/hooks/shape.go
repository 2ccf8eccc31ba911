package hooks

import (
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// sentAtField is the member a payload gets with the time its delivery says it was sent (RFC
// 3339), when the source signs one: the time of an event whose payload has none (Trengo's).
const sentAtField = "_sent_at"

// shaping is what an event's file asks done to a payload before the mapping reads it, for what
// the mapping format cannot say of JSON: an element of a list found by a member, a time in Unix
// seconds, a sum over a list, a value that counts only on a condition. Each is a rule of data,
// written once here, so a source never needs Go of its own.
type shaping struct {
	lists map[string]fileList // new field → a list of objects, keyed by a member of each
	unix  []string            // paths of times in Unix seconds
	sums  map[string][]string // new field → paths whose values it adds up ("refunds[].total")
	first map[string][]string // new field → the first of these paths that has a value
	when  map[string]fileWhen // new field → the copy of a field (or a constant), on a condition
	set   map[string]string   // new field → a constant (what the event itself says: an author)
}

func (sh shaping) empty() bool {
	return len(sh.lists)+len(sh.unix)+len(sh.sums)+len(sh.first)+len(sh.when)+len(sh.set) == 0
}

// apply shapes the payload in place: lists first (so later paths may go through them), then
// times, sums and conditions. A value that does not read is an error naming its field.
func (sh shaping) apply(payload map[string]any) error {
	for field, v := range sh.set {
		payload[field] = v
	}
	for field, l := range sh.lists {
		payload[field] = byMember(payload, l.List, l.By)
	}
	for _, path := range sh.unix {
		v := valueAt(payload, path)
		if v == "" || v == "0" { // Chatwoot writes 0 for a time not reached
			setAt(payload, path, nil)
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || !(f >= 0 && f <= 1e11) { // NaN too
			return fieldError(path, "%q is no time in Unix seconds", v)
		}
		setAt(payload, path, time.Unix(int64(f), 0).UTC().Format(time.RFC3339))
	}
	for field, paths := range sh.sums {
		sum, err := addUp(payload, paths)
		if err != nil {
			return err
		}
		payload[field] = sum
	}
	for field, paths := range sh.first {
		for _, path := range paths {
			if v := lookup(payload, path); v != nil && v != "" {
				payload[field] = v
				break
			}
		}
	}
	for field, w := range sh.when {
		if !w.holds(payload) {
			continue
		}
		if w.Copy != "" {
			payload[field] = lookup(payload, w.Copy)
		} else {
			payload[field] = w.Value
		}
	}
	return nil
}

// holds says whether a when rule's condition is met: its If field has one of the values Is, and
// none of its Unless fields has a value (Chatwoot: an outgoing message is an agent's reply unless
// an automation rule or a campaign sent it).
func (w fileWhen) holds(payload map[string]any) bool {
	if !slices.Contains(w.Is, valueAt(payload, w.If)) {
		return false
	}
	for _, path := range w.Unless {
		if valueAt(payload, path) != "" {
			return false
		}
	}
	return true
}

// plainDecimal is an amount as shops write one: up to 15 digits, a point and up to 6 more.
var plainDecimal = regexp.MustCompile(`^-?[0-9]{1,15}(\.[0-9]{1,6})?$`)

// addUp adds the decimal values at paths exactly (amounts of money: no binary fractions); a
// path with "[]" runs over a list's elements ("refunds[].total"). Its text has as many
// decimals as the most precise value added.
func addUp(payload map[string]any, paths []string) (string, error) {
	sum, places := new(big.Rat), 0
	for _, path := range paths {
		for _, at := range expand(payload, path) {
			v := valueAt(payload, at)
			if v == "" {
				continue
			}
			if !plainDecimal.MatchString(v) { // 1e999999 would make big.Rat hold a million digits
				return "", fieldError(at, "%q is no amount such as 12.50", v)
			}
			r, _ := new(big.Rat).SetString(v)
			if i := strings.IndexByte(v, '.'); i >= 0 && len(v)-i-1 > places {
				places = len(v) - i - 1
			}
			sum.Add(sum, r)
		}
	}
	return sum.FloatString(places), nil
}

// expand turns a path with "[]" into the paths of each element of the list ("refunds.0.total").
func expand(payload map[string]any, path string) []string {
	list, rest, ok := strings.Cut(path, "[].")
	if !ok {
		return []string{path}
	}
	items, _ := lookup(payload, list).([]any)
	var out []string
	for i := range items {
		out = append(out, expand(payload, fmt.Sprintf("%s.%d.%s", list, i, rest))...)
	}
	return out
}

// byMember is the list of objects at path as an object keyed by each one's member (a dotted
// path), so the mapping can name an element: Typeform's answers by their field's ref. The
// first element of a key wins.
func byMember(payload map[string]any, path, member string) map[string]any {
	list, _ := lookup(payload, path).([]any)
	keyed := map[string]any{}
	for _, item := range list {
		if obj, ok := item.(map[string]any); ok {
			if k := valueAt(obj, member); k != "" && keyed[k] == nil {
				keyed[k] = obj
			}
		}
	}
	return keyed
}

// lookup is the value at a dotted path; a number in the path is an element of a list.
func lookup(payload map[string]any, path string) any {
	var v any = payload
	for _, part := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[part]
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// setAt sets the value at a dotted path whose parent is an object; nothing when it is not.
func setAt(payload map[string]any, path string, v any) {
	parent, last := payload, path
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		p, ok := lookup(payload, path[:i]).(map[string]any)
		if !ok {
			return
		}
		parent, last = p, path[i+1:]
	}
	parent[last] = v
}
