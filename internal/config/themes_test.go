package config

import (
	"slices"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/text"
	"github.com/klantpuls/klantpuls/internal/theme"
)

func TestThemes(t *testing.T) {
	// matches names the themes a Dutch text gets under the file's taxonomy.
	matches := func(tx *theme.Taxonomy, s string) []string {
		var out []string
		set := tx.Match(text.Words(s, "nl"), "nl")
		for i, th := range tx.Themes() {
			if set.Has(i) {
				out = append(out, th.Key)
			}
		}
		return out
	}
	for _, tt := range []struct {
		name, file string
		keys       []string // the taxonomy's themes
		text       string
		want       []string // the themes of text
	}{
		{"built in without a section", "", nil, "mijn pakket", []string{"delivery"}},
		{"a built-in theme gets a term", "[[themes.theme]]\nkey = \"delivery\"\nnl = [\"Homerr\"]\n",
			nil, "Homerr was laat", []string{"delivery"}},
		{"a theme added", "[[themes.theme]]\nkey = \"loyalty\"\nlabel_nl = \"Spaarprogramma\"\nnl = [\"spaarpunten\"]\n",
			nil, "mijn spaarpunten en mijn pakket", []string{"delivery", "loyalty"}},
		{"only the file's themes", "[themes]\nbuiltin = false\n[[themes.theme]]\nkey = \"loyalty\"\nlabel_nl = \"Spaarprogramma\"\nnl = [\"spaarpunten\"]\n",
			[]string{"loyalty"}, "mijn spaarpunten en mijn pakket", []string{"loyalty"}},
		{"the built-in fixed expressions", "", nil, "een stuk sneller geleverd", []string{"delivery"}},
		{"a fixed expression added", "[[themes.theme]]\nkey = \"delivery\"\nnl_not = [\"een pakket ellende\"]\n",
			nil, "Wat een pakket ellende, de chat sluit om vijf uur", []string{"reachability"}},
		// "punten" stems to punt: written in quotes it matches "punten" only, not "een goed punt".
		{"a term as written", "[[themes.theme]]\nkey = \"loyalty\"\nlabel_nl = \"Sparen\"\nnl = ['\"punten\"']\n",
			nil, "Mijn punten zijn weg", []string{"loyalty"}},
		{"a term as written, not its stem", "[[themes.theme]]\nkey = \"loyalty\"\nlabel_nl = \"Sparen\"\nnl = ['\"punten\"']\n",
			nil, "Een goed punt", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse([]byte(tt.file), "k.toml")
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, th := range cfg.Themes.Themes() {
				keys = append(keys, th.Key)
			}
			if tt.keys != nil && !slices.Equal(keys, tt.keys) {
				t.Errorf("themes %v, want %v", keys, tt.keys)
			}
			if got := matches(cfg.Themes, tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("%q matches %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestThemesRefused(t *testing.T) {
	many := "[themes]\nbuiltin = false\n"
	for i := range theme.MaxThemes + 1 {
		many += "[[themes.theme]]\nkey = \"t" + strings.Repeat("x", i) + "\"\nlabel_en = \"T\"\nen = [\"word\"]\n"
	}
	for _, tt := range []struct{ name, file, want string }{
		{"no key", "[[themes.theme]]\nnl = [\"a\"]\n", `k.toml: themes.theme[1].key: a theme needs a key`},
		{"key in capitals", "[[themes.theme]]\nkey = \"Levering\"\n", `k.toml: themes.theme[1].key: "Levering" is not a theme key`},
		{"key twice", "[[themes.theme]]\nkey = \"delivery\"\n[[themes.theme]]\nkey = \"delivery\"\n", `k.toml: themes.theme[2].key: "delivery" is already theme 1`},
		{"new without label", "[[themes.theme]]\nkey = \"loyalty\"\nnl = [\"punten\"]\n", `k.toml: themes.theme[1]: the new theme "loyalty" needs a label_nl or label_en`},
		{"new without terms", "[[themes.theme]]\nkey = \"loyalty\"\nlabel_nl = \"Sparen\"\n", `k.toml: themes.theme[1]: the new theme "loyalty" needs terms in nl or en`},
		{"a term without words", "[[themes.theme]]\nkey = \"delivery\"\nen = [\"--\"]\n", `k.toml: themes.theme[1].en: the term "--" has no words to match`},
		{"terms not a list", "[[themes.theme]]\nkey = \"delivery\"\nnl = \"pakket\"\n", `k.toml: themes.theme[1].nl: want a list like ["pakket", "geld terug"], not "pakket"`},
		{"a quote not closed", "[[themes.theme]]\nkey = \"delivery\"\nen = ['\"on hold']\n", `k.toml: themes.theme[1].en: the term "\"on hold" opens a quote it does not close`},
		{"a term across a comma", "[[themes.theme]]\nkey = \"returns\"\nnl = [\"geld, terug\"]\n", `k.toml: themes.theme[1].nl: the term "geld, terug" has a comma, dash or sentence's end between its words`},
		{"an expression across a comma", "[[themes.theme]]\nkey = \"delivery\"\nnl_not = [\"ik ben, eerlijk gezegd\"]\n", `k.toml: themes.theme[1].nl_not: the expression "ik ben, eerlijk gezegd" has a comma, dash or sentence's end between its words`},
		{"quotes without words", "[[themes.theme]]\nkey = \"delivery\"\nen = ['\"\"']\n", `k.toml: themes.theme[1].en: the term "\"\"" has no words to match`},
		{"an expression without words", "[[themes.theme]]\nkey = \"product\"\nnl_not = [\"!\"]\n", `k.toml: themes.theme[1].nl_not: the expression "!" has no words to match`},
		{"builtin not a bool", "[themes]\nbuiltin = \"no\"\n", `k.toml: themes.builtin: want true or false, not "no"`},
		{"too many", many, `k.toml: themes: 33 themes (the built-in ones count unless builtin = false), at most 32`},
		{"unknown key", "[[themes.theme]]\nkey = \"delivery\"\nterms = [\"x\"]\n", `unknown key "themes.theme.terms"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.file), "k.toml")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}
