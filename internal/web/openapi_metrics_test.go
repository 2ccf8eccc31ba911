package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// openapi.json describes each metric of a report as its descriptor does (label, explanation,
// unit, headline, direction, change test, dimensions): the members of the Metrics schema are
// written from the registry by this test and checked by it, so they cannot drift.

const regenerate = "KLANTPULS_DOCS=write go test -count=1 -run TestOpenAPIMetricsFromRegistry ./internal/web/ (or go generate ./internal/web/)"

func TestOpenAPIMetricsFromRegistry(t *testing.T) {
	raw, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := oaDecode(raw)
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	// The rewrite below keeps every other byte: the file is written as it was read.
	if again := oaEncode(doc); !bytes.Equal(again, raw) {
		t.Fatalf("openapi.json does not read back byte for byte (first difference at byte %d): it is "+
			"not in the layout this test writes (two-space indent, keys as written)", oaFirstDiff(again, raw))
	}
	props, ok := doc.at("components", "schemas", "Metrics", "properties").(*oaObject)
	if !ok {
		t.Fatal("openapi.json has no components.schemas.Metrics.properties")
	}
	want, missing := oaMetricProperties(props)
	for _, key := range missing {
		t.Errorf("metric %s has no member in components.schemas.Metrics.properties: add one with the $ref of its schema", key)
	}
	if os.Getenv("KLANTPULS_DOCS") == "write" {
		*props = *want
		if err := os.WriteFile("openapi.json", oaEncode(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got, wantJSON := oaEncode(props), oaEncode(want); !bytes.Equal(got, wantJSON) {
		t.Errorf("openapi.json's Metrics schema is not what the metric registry says; regenerate it with %s", regenerate)
	}
}

// oaMetricProperties is the Metrics schema's members as the registry describes them, each
// keeping the $ref to its result schema from the current document; missing lists metrics
// without one.
func oaMetricProperties(current *oaObject) (props *oaObject, missing []string) {
	props = &oaObject{}
	for _, d := range metric.All() {
		old, _ := current.get(d.Key).(*oaObject)
		var ref any
		if old != nil {
			ref = old.get("$ref")
		}
		if ref == nil {
			missing = append(missing, d.Key)
			continue
		}
		p := &oaObject{}
		p.set("$ref", ref)
		p.set("title", d.Label.EN)
		p.set("description", oaMetricDescription(d))
		p.set("x-klantpuls-metric", oaMetricExtension(d))
		props.set(d.Key, p)
	}
	return props, missing
}

// oaMetricDescription says in a few sentences what a client needs to show the metric.
func oaMetricDescription(d *metric.Descriptor) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s In Dutch: %s. The headline figure is `%s` (%s)", d.Explain.EN, d.Label.NL, d.Headline.Field, d.Unit)
	if d.Headline.N != "" {
		fmt.Fprintf(&b, ", resting on `%s`", d.Headline.N)
	}
	fmt.Fprintf(&b, "; %s.", d.Direction)
	if d.Test != metric.NoTest {
		fmt.Fprintf(&b, " A change is significant by the %s at p < 0.05.", d.Test)
	}
	fmt.Fprintf(&b, " Present unsplit and in groups by %s.", strings.Join(d.SplitBy, ", "))
	return b.String()
}

func oaMetricExtension(d *metric.Descriptor) *oaObject {
	words := func(w metric.Words) *oaObject {
		o := &oaObject{}
		o.set("nl", w.NL)
		o.set("en", w.EN)
		return o
	}
	orNil := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	direction := map[metric.Direction]string{metric.HigherIsBetter: "higher", metric.LowerIsBetter: "lower",
		metric.NoDirection: "none"}[d.Direction]
	test := string(d.Test)
	if d.Test == metric.NoTest {
		test = "none"
	}
	split := make([]any, len(d.SplitBy))
	for i, s := range d.SplitBy {
		split[i] = s
	}
	x := &oaObject{}
	x.set("label", words(d.Label))
	x.set("explain", words(d.Explain))
	x.set("unit", string(d.Unit))
	x.set("format", string(d.Format))
	x.set("headline", d.Headline.Field)
	x.set("n", orNil(d.Headline.N))
	x.set("interval", orNil(d.Headline.Interval))
	x.set("direction", direction)
	x.set("test", test)
	x.set("split_by", split)
	return x
}

// An ordered JSON document: objects keep their members' order, numbers their spelling, so the
// generator rewrites the members it owns and leaves every other byte of openapi.json alone.

type oaMember struct {
	Key   string
	Value any
}

type oaObject struct{ members []oaMember }

func (o *oaObject) get(key string) any {
	for _, m := range o.members {
		if m.Key == key {
			return m.Value
		}
	}
	return nil
}

func (o *oaObject) set(key string, v any) {
	for i, m := range o.members {
		if m.Key == key {
			o.members[i].Value = v
			return
		}
	}
	o.members = append(o.members, oaMember{key, v})
}

// at follows object keys from o.
func (o *oaObject) at(keys ...string) any {
	var v any = o
	for _, k := range keys {
		obj, ok := v.(*oaObject)
		if !ok {
			return nil
		}
		v = obj.get(k)
	}
	return v
}

func oaDecode(raw []byte) (*oaObject, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	v, err := oaValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("text after the document")
	}
	obj, ok := v.(*oaObject)
	if !ok {
		return nil, fmt.Errorf("not an object")
	}
	return obj, nil
}

func oaValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		o := &oaObject{}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := oaValue(dec)
			if err != nil {
				return nil, err
			}
			o.members = append(o.members, oaMember{k.(string), v})
		}
		_, err := dec.Token()
		return o, err
	case json.Delim('['):
		a := []any{}
		for dec.More() {
			v, err := oaValue(dec)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err := dec.Token()
		return a, err
	}
	return tok, nil
}

// oaEncode writes a value with a two-space indent, as openapi.json is laid out.
func oaEncode(v any) []byte {
	var compact, out bytes.Buffer
	oaWrite(&compact, v)
	if err := json.Indent(&out, compact.Bytes(), "", "  "); err != nil {
		panic(err) // oaWrite writes JSON
	}
	out.WriteByte('\n')
	return out.Bytes()
}

func oaWrite(b *bytes.Buffer, v any) {
	switch v := v.(type) {
	case *oaObject:
		b.WriteByte('{')
		for i, m := range v.members {
			if i > 0 {
				b.WriteByte(',')
			}
			oaWrite(b, m.Key)
			b.WriteByte(':')
			oaWrite(b, m.Value)
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			oaWrite(b, e)
		}
		b.WriteByte(']')
	default:
		enc := json.NewEncoder(b)
		enc.SetEscapeHTML(false) // the document's text has <, > and & as they are
		if err := enc.Encode(v); err != nil {
			panic(err)
		}
		b.Truncate(b.Len() - 1) // Encode's newline
	}
}

func oaFirstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// The generated members say what the registry says: checked on the parsed document, as a
// client reads it.
func TestOpenAPIMetricsDescribeTheRegistry(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatal(err)
	}
	props := doc["components"].(map[string]any)["schemas"].(map[string]any)["Metrics"].(map[string]any)["properties"].(map[string]any)
	d, _ := metric.Lookup("first_response")
	x, ok := props["first_response"].(map[string]any)["x-klantpuls-metric"].(map[string]any)
	if !ok {
		t.Fatalf("components.schemas.Metrics.properties.first_response has no x-klantpuls-metric; regenerate with %s", regenerate)
	}
	want := map[string]any{"headline": "business.mean", "n": "business.n", "unit": "seconds", "direction": "lower",
		"test": "none", "split_by": []any{"channel", "team", "agent", "segment", "category"}, "interval": nil}
	for k, v := range want {
		if !reflect.DeepEqual(x[k], v) {
			t.Errorf("first_response x-klantpuls-metric.%s = %v, want %v", k, x[k], v)
		}
	}
	if x["label"].(map[string]any)["nl"] != d.Label.NL {
		t.Errorf("first_response label %v", x["label"])
	}
	if churn := props["churn"].(map[string]any)["x-klantpuls-metric"].(map[string]any); !reflect.DeepEqual(churn["split_by"], []any{"segment"}) {
		t.Errorf("churn splits by %v", churn["split_by"])
	}
}
