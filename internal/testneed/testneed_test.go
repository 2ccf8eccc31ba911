package testneed

import "testing"

func TestInCI(t *testing.T) {
	for _, c := range []struct {
		env  string
		want bool
	}{{"true", true}, {"", false}, {"1", false}, {"false", false}} {
		t.Setenv("CI", c.env)
		if got := InCI(); got != c.want {
			t.Errorf("CI=%q: InCI %v, want %v", c.env, got, c.want)
		}
	}
}

// TestMissingSkipsOutsideCI runs Missing in a subtest outside CI: the subtest is skipped,
// not failed, and nothing after Missing runs.
func TestMissingSkipsOutsideCI(t *testing.T) {
	t.Setenv("CI", "")
	after := false
	t.Run("missing", func(t *testing.T) {
		Missing(t, "the part is missing")
		after = true
	})
	if after {
		t.Error("Missing returned outside CI; want the test skipped")
	}
}
