package cx

import (
	"reflect"
	"slices"
	"strings"
	"time"
)

// Supplement is a record derived from rows of another kind that carry only a few of its
// fields: the customer of a Shopify order (e-mail address, name, the order's date), the CSAT
// response of a ticket export's rating column. Stored whole, it would blank what a fuller
// source gave the record of its key (a customers file's segment, a rating's comment) and move
// its times (a customer acquired again at each month's first order). So it completes the
// stored record instead of replacing it (Complete). Only a write path sees one: app merges it
// with the stored record inside the write's transaction, and the store and the engine are given
// the merged record, never the Supplement.
type Supplement struct {
	Record
	// Earliest are time fields, by column name (acquired_at), that keep the earlier instant of
	// the two: a customer's first order in March's export does not make them new in March.
	Earliest []string
	// Carries, when set, are the columns the record sets, empty or not (an update of a resource
	// by its source, which knows no more of it): the stored record keeps only its other fields,
	// such as a customer's segment from a customers file, which a customers/update replaced
	// with nothing. Without it the stored record's fields win (a record derived from another
	// kind, which knows less than the stored one).
	Carries []string
}

// companions are fields that qualify another one, by column name: each comes from the record
// that gave the field it qualifies, so a score keeps the scale it was given on, a comment its
// sentiment, an amount the currency it came in. A field qualifying a required one (score,
// amount; a mention's text, which holds no comment) thus always stays the stored record's.
var companions = map[string]string{
	"scale":           "score",
	"sentiment":       "comment",
	"currency":        "amount",
	"original_amount": "amount",
}

var (
	attrsType = reflect.TypeFor[Attrs]()
	timeType  = reflect.TypeFor[time.Time]()
)

// Complete returns the record s and stored, the stored record of its key, make together;
// neither is changed. The stored record's fields win and s fills those it leaves empty, as the
// rows of one key merge within a file (a mapping's repeats = "merge"); attributes merge by name
// the same way, and the Earliest fields keep the earlier instant. A field is empty when the
// record's JSON leaves it out: a required field (a score, the time a kind must have) never
// is, so the stored one stays.
func (s *Supplement) Complete(stored Record) Record {
	old, add := reflect.ValueOf(stored), reflect.ValueOf(s.Record)
	if old.Type() != add.Type() || old.Kind() != reflect.Pointer {
		return s.Record // a kind's records are all of one type: only a caller's mistake gets here
	}
	out := reflect.New(old.Type().Elem())
	m, n := out.Elem(), add.Elem()
	m.Set(old.Elem())
	fields := m.Type()
	fromNew := map[string]bool{}
	for i := range fields.NumField() {
		f := fields.Field(i)
		name, optional := column(f)
		if _, ok := companions[name]; ok {
			continue
		}
		have, give := m.Field(i), n.Field(i)
		switch {
		case slices.Contains(s.Earliest, name) && f.Type == timeType:
			if a, b := have.Interface().(time.Time), give.Interface().(time.Time); a.IsZero() || !b.IsZero() && b.Before(a) {
				have.Set(give)
			}
		case f.Type == attrsType && s.Carries != nil: // the update's attributes win
			have.Set(reflect.ValueOf(completeAttrs(give.Interface().(Attrs), have.Interface().(Attrs))))
		case f.Type == attrsType:
			have.Set(reflect.ValueOf(completeAttrs(have.Interface().(Attrs), give.Interface().(Attrs))))
		case s.Carries != nil:
			if slices.Contains(s.Carries, name) {
				have.Set(give)
				fromNew[name] = true
			}
		case optional && have.IsZero() && !give.IsZero():
			have.Set(give)
			fromNew[name] = true
		}
	}
	for i := range fields.NumField() {
		if name, _ := column(fields.Field(i)); fromNew[companions[name]] {
			m.Field(i).Set(n.Field(i))
		}
	}
	return out.Interface().(Record)
}

// column is a record field's column name and whether it may be empty (its JSON omits it then).
func column(f reflect.StructField) (name string, optional bool) {
	name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name, strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero")
}

// completeAttrs is stored's attributes with those of add it lacks. The source version
// (SourceVersion) is the later of the two: a record that completed the stored one is as recent
// as its newest part, so an older change delivered after it is still seen to be older.
func completeAttrs(stored, add Attrs) Attrs {
	switch {
	case len(stored) == 0:
		return add
	case len(add) == 0:
		return stored
	}
	out := Attrs{}
	for k, v := range add {
		out[k] = v
	}
	for k, v := range stored {
		out[k] = v
	}
	if later(add[SourceVersion], stored[SourceVersion]) {
		out[SourceVersion] = add[SourceVersion]
	}
	return out
}

// later reports whether a is a later version than b; one that is none is not later, and any
// version is later than none.
func later(a, b string) bool {
	at, ok := ParseVersion(a)
	bt, known := ParseVersion(b)
	return ok && (!known || Older(bt, at))
}
