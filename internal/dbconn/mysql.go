package dbconn

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"github.com/go-sql-driver/mysql"
)

// parseMySQL translates mysql://user:pass@host:port/db?param=… into
// go-sql-driver's DSN (user:pass@tcp(host:port)/db?…). Query parameters are
// the driver's own (tls, timeout, …) or server variables, and override the
// defaults set here.
func parseMySQL(dsn string) (Source, error) {
	display := redact(dsn)
	u, err := url.Parse(dsn)
	if err != nil {
		return Source{}, fmt.Errorf("MySQL DSN %s: %w", display, err)
	}
	cfg := mysql.NewConfig()
	if u.User != nil {
		cfg.User = u.User.Username()
		cfg.Passwd, _ = u.User.Password()
	}
	cfg.Net = "tcp"
	host, port := u.Hostname(), u.Port()
	if host == "" {
		host = "127.0.0.1"
	}
	if port == "" {
		port = "3306"
	}
	cfg.Addr = net.JoinHostPort(host, port)
	cfg.DBName = strings.TrimPrefix(u.Path, "/")
	if cfg.DBName == "" || strings.Contains(cfg.DBName, "/") {
		return Source{}, fmt.Errorf("MySQL DSN %s: want mysql://user:pass@host:port/database", display)
	}
	// Ent scans DATETIME into time.Time (parseTime) and writes times in UTC;
	// reading them back as UTC keeps the round trip exact whatever the
	// server's time zone. utf8mb4 stores all of Unicode (MySQL's utf8 does
	// not). Client-side interpolation saves the prepare and close round trips
	// of every query; it is safe with utf8mb4 (the driver refuses it for
	// charsets where escaping is unsafe).
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	// The session in UTC too: Ent's TIMESTAMP columns are converted from the
	// session zone, and a server zone with DST would shift the hour that
	// repeats in autumn; NOW() then also agrees with the stored values.
	cfg.Params = map[string]string{"time_zone": "'+00:00'"}
	cfg.Collation = "utf8mb4_general_ci"
	cfg.InterpolateParams = true
	out := cfg.FormatDSN()
	if u.RawQuery != "" {
		sep := "?"
		if strings.Contains(out, "?") {
			sep = "&"
		}
		parsed, err := mysql.ParseDSN(out + sep + u.RawQuery)
		if err != nil {
			return Source{}, fmt.Errorf("MySQL DSN %s: %w", display, err)
		}
		out = parsed.FormatDSN()
	}
	return Source{Dialect: dialect.MySQL, DriverName: "mysql", DSN: out, Display: "MySQL " + display}, nil
}
