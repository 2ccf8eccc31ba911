package config

import "testing"

func TestDigestBenchmarks(t *testing.T) {
	cases := []struct {
		name, file string
		want       map[string]float64
	}{
		{"default: CSAT 80", "", map[string]float64{"csat": 80}},
		{"a section replaces the defaults", "[digest.benchmarks]\nnps = 30\nfirst_response = 4\n", map[string]float64{"nps": 30, "first_response": 4}},
		{"an empty section removes them", "[digest.benchmarks]\n", map[string]float64{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := Parse([]byte(c.file), "klantpuls.toml")
			if err != nil {
				t.Fatal(err)
			}
			got := cfg.Digest.Benchmarks
			if len(got) != len(c.want) {
				t.Fatalf("benchmarks %v, want %v", got, c.want)
			}
			for k, v := range c.want {
				if got[k] != v {
					t.Errorf("%s = %v, want %v", k, got[k], v)
				}
			}
		})
	}
	if Default().Digest.Benchmarks["csat"] != 80 {
		t.Error("Default has no CSAT benchmark of 80")
	}
}
