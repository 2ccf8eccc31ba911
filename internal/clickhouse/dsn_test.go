package clickhouse

import (
	"strings"
	"testing"
)

func TestParseDSN(t *testing.T) {
	for _, tt := range []struct {
		name, dsn string
		want      Target
		err       string // part of the error; "" = valid
	}{
		{"host, port and database", "clickhouse://10.0.0.5:9440/klantpuls", Target{Addr: "10.0.0.5:9440", Database: "klantpuls"}, ""},
		{"default port", "clickhouse://ch.example.nl/kp", Target{Addr: "ch.example.nl:9000", Database: "kp"}, ""},
		{"user and password", "clickhouse://ship:geheim@127.0.0.1:9000/kp_1", Target{Addr: "127.0.0.1:9000", Database: "kp_1", Username: "ship", Password: "geheim"}, ""},
		{"IPv6", "clickhouse://[::1]:9001/kp", Target{Addr: "[::1]:9001", Database: "kp"}, ""},
		{"spaces around", "  clickhouse://h:1/kp ", Target{Addr: "h:1", Database: "kp"}, ""},
		{"http scheme", "http://h:8123/kp", Target{}, "not a ClickHouse address"},
		{"no scheme", "h:9000/kp", Target{}, "not a ClickHouse address"},
		{"no host", "clickhouse:///kp", Target{}, "no host"},
		{"no database", "clickhouse://h:9000", Target{}, "no database"},
		{"slash only", "clickhouse://h:9000/", Target{}, "no database"},
		{"port too high", "clickhouse://h:70000/kp", Target{}, "1 to 65535"},
		{"port zero", "clickhouse://h:0/kp", Target{}, "1 to 65535"},
		{"empty port", "clickhouse://h:/kp", Target{}, "no port"},
		{"database with a dash", "clickhouse://h/kp-prod", Target{}, "not a plain name"},
		{"database starting with a digit", "clickhouse://h/1kp", Target{}, "not a plain name"},
		{"two path segments", "clickhouse://h/kp/x", Target{}, "not a plain name"},
		{"quote in the name", "clickhouse://h/kp%60x", Target{}, "not a plain name"},
		{"a cluster", "clickhouse://h:9000/kp?cluster=prod_2x2", Target{Addr: "h:9000", Database: "kp", Cluster: "prod_2x2"}, ""},
		{"another option", "clickhouse://h/kp?debug=1", Target{}, `unknown option "debug"`},
		{"cluster and another option", "clickhouse://h/kp?cluster=c&debug=1", Target{}, `unknown option "debug"`},
		{"cluster twice", "clickhouse://h/kp?cluster=a&cluster=b", Target{}, "given 2 times"},
		{"cluster empty", "clickhouse://h/kp?cluster=", Target{}, "not a plain name"},
		{"cluster with a quote", "clickhouse://h/kp?cluster=c%27x", Target{}, "not a plain name"},
		{"cluster with a bad escape", "clickhouse://h/kp?cluster=%zz", Target{}, "NAME=VALUE"},
		{"a fragment", "clickhouse://h/kp#x", Target{}, "no #"},
		{"empty", "", Target{}, "not a ClickHouse address"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDSN(tt.dsn)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("ParseDSN(%q) = %+v, %v; want an error with %q", tt.dsn, got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseDSN(%q) = %+v, %v; want %+v", tt.dsn, got, err, tt.want)
			}
		})
	}
}

func TestParseDSNKeepsThePasswordOutOfErrors(t *testing.T) {
	_, err := ParseDSN("clickhouse://u:s3cret@h:99999/kp")
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("error %v", err)
	}
}

// FuzzParseDSN: no input panics, and an accepted one gives a database (and cluster) name the
// schema may use unquoted and an address with a port.
func FuzzParseDSN(f *testing.F) {
	for _, s := range []string{"clickhouse://h:9000/kp", "clickhouse://u:p@[::1]/kp", "clickhouse://h:/x", "clickhouse://%zz/kp", "clickhouse:opaque", "", "clickhouse://h/kp?cluster=c", "clickhouse://h/kp?cluster=a&cluster=b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDSN(s)
		if err != nil {
			return
		}
		if !databaseName.MatchString(got.Database) || got.Addr == "" || !strings.Contains(got.Addr, ":") ||
			(got.Cluster != "" && !databaseName.MatchString(got.Cluster)) {
			t.Fatalf("ParseDSN(%q) accepted %+v", s, got)
		}
	})
}
