package config

import (
	"fmt"
	"strings"

	"github.com/klantpuls/klantpuls/internal/theme"
)

// [themes] changes the taxonomy comments and mentions are matched against (issue 13): with
// builtin = true (the default) a [[themes.theme]] whose key is a built-in theme's adds its terms
// to it (and replaces a label it gives), another key adds a theme; with builtin = false only the
// file's themes count.

type rawThemes struct {
	Builtin value      `toml:"builtin"`
	Theme   []rawTheme `toml:"theme"`
}

type rawTheme struct {
	Key     value `toml:"key"`
	LabelNL value `toml:"label_nl"`
	LabelEN value `toml:"label_en"`
	NL      value `toml:"nl"`
	EN      value `toml:"en"`
	NotNL   value `toml:"nl_not"`
	NotEN   value `toml:"en_not"`
}

// themes reads the section into a taxonomy. The themes are numbered from 1 in messages, as a
// person counts the [[themes.theme]] tables in the file.
func (c *checker) themes(r *rawThemes) *theme.Taxonomy {
	builtin := c.boolean("themes.builtin", r.Builtin, true)
	if builtin && len(r.Theme) == 0 {
		return theme.Builtin()
	}
	var base []theme.Theme
	if builtin {
		base = theme.Default()
	}
	seen := map[string]int{}
	var more []theme.Theme
	for i, rt := range r.Theme {
		key := fmt.Sprintf("themes.theme[%d]", i+1)
		t := theme.Theme{
			Key:     strings.TrimSpace(c.text(key+".key", rt.Key, "")),
			LabelNL: strings.TrimSpace(c.text(key+".label_nl", rt.LabelNL, "")),
			LabelEN: strings.TrimSpace(c.text(key+".label_en", rt.LabelEN, "")),
			NL:      c.terms(key+".nl", rt.NL, "nl", theme.CheckTerm),
			EN:      c.terms(key+".en", rt.EN, "en", theme.CheckTerm),
			NotNL:   c.terms(key+".nl_not", rt.NotNL, "nl", theme.CheckExpression),
			NotEN:   c.terms(key+".en_not", rt.NotEN, "en", theme.CheckExpression),
		}
		known := false
		for _, b := range base {
			known = known || b.Key == t.Key
		}
		switch first, dup := seen[t.Key]; {
		case !rt.Key.set:
			c.fail(key+".key", `a theme needs a key, such as "delivery" (a built-in one adds terms to it)`)
			continue
		case theme.CheckKey(t.Key) != nil:
			c.fail(key+".key", "%v", theme.CheckKey(t.Key))
			continue
		case dup:
			c.fail(key+".key", "%q is already theme %d", t.Key, first)
			continue
		case !known && t.LabelNL == "" && t.LabelEN == "":
			c.fail(key, "the new theme %q needs a label_nl or label_en", t.Key)
		case !known && len(t.NL)+len(t.EN) == 0:
			c.fail(key, "the new theme %q needs terms in nl or en", t.Key)
		}
		seen[t.Key] = i + 1
		more = append(more, t)
	}
	all := theme.Extend(base, more)
	if len(all) > theme.MaxThemes {
		c.fail("themes", "%d themes (the built-in ones count unless builtin = false), at most %d", len(all), theme.MaxThemes)
		return theme.Builtin()
	}
	tx, err := theme.New(all)
	if err != nil {
		c.fail("themes", "%v", err) // a mistake the checks above reported already
		return theme.Builtin()
	}
	return tx
}

// terms reads a list of terms or fixed expressions in lang; check says what is wrong with one
// (no words to match).
func (c *checker) terms(key string, x value, lang string, check func(s, lang string) error) []string {
	var out []string
	for _, s := range c.texts(key, x, `"pakket", "geld terug"`) {
		if err := check(s, lang); err != nil {
			c.fail(key, "%v", err)
			continue
		}
		out = append(out, strings.TrimSpace(s))
	}
	return out
}
