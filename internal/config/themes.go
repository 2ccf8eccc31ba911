package config

import (
	"fmt"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
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
			c.add(cx.Refuse(cx.EINVALID, "", "config_theme_no_key", "%s: %s: a theme needs a key, such as \"delivery\" (a built-in one adds terms to it)", c.name, key+".key"))
			continue
		case theme.CheckKey(t.Key) != nil:
			c.said(key+".key", theme.CheckKey(t.Key))
			continue
		case dup:
			c.add(cx.Refuse(cx.EINVALID, "", "config_theme_twice", "%s: %s: %q is already theme %d", c.name, key+".key", t.Key, first))
			continue
		case !known && t.LabelNL == "" && t.LabelEN == "":
			c.add(cx.Refuse(cx.EINVALID, "", "config_theme_needs_label", "%s: %s: the new theme %q needs a label_nl or label_en", c.name, key, t.Key))
		case !known && len(t.NL)+len(t.EN) == 0:
			c.add(cx.Refuse(cx.EINVALID, "", "config_theme_needs_terms", "%s: %s: the new theme %q needs terms in nl or en", c.name, key, t.Key))
		}
		seen[t.Key] = i + 1
		more = append(more, t)
	}
	all := theme.Extend(base, more)
	if len(all) > theme.MaxThemes {
		c.add(cx.Refuse(cx.EINVALID, "", "config_too_many_themes", "%s: %s: %d themes (the built-in ones count unless builtin = false), at most %d", c.name, "themes", len(all), theme.MaxThemes))
		return theme.Builtin()
	}
	tx, err := theme.New(all)
	if err != nil {
		c.said("themes", err) // a mistake the checks above reported already
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
			c.said(key, err)
			continue
		}
		out = append(out, strings.TrimSpace(s))
	}
	return out
}
