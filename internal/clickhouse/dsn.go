package clickhouse

import (
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// DefaultPort is ClickHouse's native-protocol port.
const DefaultPort = 9000

// Target is where a DSN points: the native-protocol address, the database, and who signs in.
type Target struct {
	Addr     string // HOST:PORT
	Database string
	Username string // "" is ClickHouse's "default" user
	Password string
	// Cluster is a cluster of the server's remote_servers (?cluster=NAME): the schema is made on
	// every node of it, the records in local tables behind Distributed ones (cluster.go).
	Cluster string
}

// databaseName is what the schema's statements accept unquoted, on every ClickHouse release.
var databaseName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,62}$`)

// ParseDSN reads clickhouse://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE[?cluster=NAME]. The port defaults to
// 9000 (the native protocol: the HTTP port 8123 does not work). The database is created when
// it does not exist, so its name must be a plain identifier. Errors say what is wrong without
// repeating the password, refused with a key so engine.clickhouse is said in the command's
// language.
func ParseDSN(dsn string) (Target, error) {
	u, err := url.Parse(strings.TrimSpace(dsn))
	if err != nil || u.Scheme != "clickhouse" || u.Opaque != "" {
		return Target{}, cx.Refuse(cx.EINVALID, "", "clickhouse_not_an_address", "not a ClickHouse address: want clickhouse://HOST:PORT/DATABASE")
	}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		return Target{}, cx.Refuse(cx.EINVALID, "", "clickhouse_no_host", "the address names no host: want clickhouse://HOST:PORT/DATABASE")
	}
	if port == "" {
		port = strconv.Itoa(DefaultPort)
	} else if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return Target{}, cx.Refuse(cx.EINVALID, "", "clickhouse_port", "port %q is not a number from 1 to 65535", port)
	}
	if strings.HasSuffix(u.Host, ":") {
		return Target{}, cx.Refuse(cx.EINVALID, "", "clickhouse_colon_no_port", "the address has a colon but no port")
	}
	name := strings.TrimPrefix(u.Path, "/")
	switch {
	case name == "":
		return Target{}, cx.Refuse(cx.EINVALID, "", "clickhouse_no_database", "the address names no database: want clickhouse://HOST:PORT/DATABASE")
	case !databaseName.MatchString(name):
		return Target{}, cx.Refuse(cx.EINVALID, "", "clickhouse_database_name", "database %q is not a plain name (letters, digits and _, not starting with a digit)", name)
	case u.Fragment != "":
		return Target{}, cx.Refuse(cx.EINVALID, "", "clickhouse_fragment", "the address takes no #… after the database")
	}
	cluster, err := clusterOption(u.RawQuery)
	if err != nil {
		return Target{}, err
	}
	t := Target{Addr: net.JoinHostPort(host, port), Database: name, Cluster: cluster}
	if u.User != nil {
		t.Username = u.User.Username()
		t.Password, _ = u.User.Password()
	}
	return t, nil
}

// clusterOption reads the options after the database: cluster=NAME alone, NAME a cluster of
// the server's remote_servers (a plain name: it is written unquoted into Distributed(...)).
func clusterOption(raw string) (string, error) {
	if raw == "" {
		return "", nil
	}
	opts, err := url.ParseQuery(raw)
	if err != nil {
		return "", cx.Refuse(cx.EINVALID, "", "clickhouse_options", "the options after the database are not NAME=VALUE pairs: want ?cluster=NAME")
	}
	for k := range opts {
		if k != "cluster" {
			return "", cx.Refuse(cx.EINVALID, "", "clickhouse_unknown_option", "unknown option %q after the database: the only option is cluster=NAME", k)
		}
	}
	v := opts["cluster"]
	switch {
	case len(v) != 1:
		return "", cx.Refuse(cx.EINVALID, "", "clickhouse_cluster_twice", "the option cluster is given %d times: give it once", len(v))
	case !databaseName.MatchString(v[0]):
		return "", cx.Refuse(cx.EINVALID, "", "clickhouse_cluster_name", "cluster %q is not a plain name (letters, digits and _, not starting with a digit)", v[0])
	}
	return v[0], nil
}
