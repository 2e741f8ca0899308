package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"pingan/domain"
	"pingan/handlers"
)

// setting is one environment variable: API.md "Running" lists the first six; the rest are extensions.
type setting struct {
	env, def, help string
}

var settings = []setting{
	{"PINGAN_ADDR", "127.0.0.1:8080", "listen address"},
	{"PINGAN_DATA_DIR", "./data", "embedded database files, generated JWT secret"},
	{"PINGAN_MONGO_URI", "", "when set, use this MongoDB instead of the embedded store"},
	{"PINGAN_DB", "pingan", "database name"},
	{"PINGAN_JWT_SECRET", "", "HS256 secret (default: generated once into the data dir)"},
	{"PINGAN_ADMIN_PASSWORD", "", "password of the admin user created on an empty store (default: random, printed once)"},
	{"PINGAN_READ_ONLY", "false", "serve reads only (a reporting replica following another instance's store)"},
	{"PINGAN_WARNING_THRESHOLD", "0.8", "share of the time to a due date after which a case is due soon (预警)"},
	{"PINGAN_SCREENING_DUE_DAY", "5", "days after a 排查 period ends (month for townships, half month for villages) within which its round is on time; later rounds are marked late (迟报)"},
	{"PINGAN_LOG_LEVEL", "info", "debug, info, warn or error (JSON logs on stderr)"},
	{"PINGAN_MAX_CONNECTIONS", "1024", "connections served at once; more wait to be accepted"},
	{"PINGAN_ATTACHMENT_MAX_MB", "20", "largest file that may be attached to a case, in MB"},
	{"PINGAN_CASE_ATTACHMENTS_MAX_MB", "200", "largest total of one case's attachments, in MB"},
	{"PINGAN_LOGINS_PER_MINUTE", "30", "login attempts one client address may make a minute (an office behind one NAT address shares it)"},
	{"PINGAN_TRUSTED_PROXIES", "loopback (127.0.0.0/8, ::1)", "comma-separated CIDRs of reverse proxies whose X-Forwarded-For names the client (login limits and the audit log go by it); empty: none"},
}

func env(name string) string {
	for _, s := range settings {
		if s.env == name {
			if v, ok := os.LookupEnv(name); ok {
				return v
			}
			return s.def
		}
	}
	panic("unknown setting " + name)
}

func printSettings(w io.Writer) {
	fmt.Fprintln(w, "\nEnvironment:")
	for _, s := range settings {
		def := s.def
		if def == "" {
			def = "(empty)"
		}
		fmt.Fprintf(w, "  %-26s %s\n  %-26s default: %s\n", s.env, s.help, "", def)
	}
}

// loadConfig reads the server configuration from the environment; a malformed value is an error.
func loadConfig() (handlers.Config, error) {
	cfg := handlers.Config{
		Addr: env("PINGAN_ADDR"), DataDir: env("PINGAN_DATA_DIR"), MongoURI: env("PINGAN_MONGO_URI"),
		DB: env("PINGAN_DB"), JWTSecret: env("PINGAN_JWT_SECRET"), AdminPassword: env("PINGAN_ADMIN_PASSWORD"),
	}
	dueDays, err := domain.ParseDueDays(env("PINGAN_SCREENING_DUE_DAY"))
	if err != nil {
		return cfg, fmt.Errorf("PINGAN_SCREENING_DUE_DAY: %w", err)
	}
	cfg.ScreeningDueDays = &dueDays
	if cfg.ReadOnly, err = strconv.ParseBool(env("PINGAN_READ_ONLY")); err != nil {
		return cfg, fmt.Errorf("PINGAN_READ_ONLY: want true or false, got %q", env("PINGAN_READ_ONLY"))
	}
	if cfg.WarningThreshold, err = strconv.ParseFloat(env("PINGAN_WARNING_THRESHOLD"), 64); err != nil ||
		cfg.WarningThreshold <= 0 || cfg.WarningThreshold > 1 {
		return cfg, fmt.Errorf("PINGAN_WARNING_THRESHOLD: want a fraction in (0, 1], got %q", env("PINGAN_WARNING_THRESHOLD"))
	}
	if cfg.MaxConnections, err = strconv.Atoi(env("PINGAN_MAX_CONNECTIONS")); err != nil || cfg.MaxConnections < 1 {
		return cfg, fmt.Errorf("PINGAN_MAX_CONNECTIONS: want a positive whole number, got %q", env("PINGAN_MAX_CONNECTIONS"))
	}
	if cfg.LoginsPerMinute, err = strconv.Atoi(env("PINGAN_LOGINS_PER_MINUTE")); err != nil || cfg.LoginsPerMinute < 1 || cfg.LoginsPerMinute > 100000 {
		return cfg, fmt.Errorf("PINGAN_LOGINS_PER_MINUTE: want a whole number from 1 to 100000, got %q", env("PINGAN_LOGINS_PER_MINUTE"))
	}
	for _, lim := range []struct {
		env string
		to  *int64
	}{{"PINGAN_ATTACHMENT_MAX_MB", &cfg.Attachments.FileBytes}, {"PINGAN_CASE_ATTACHMENTS_MAX_MB", &cfg.Attachments.CaseBytes}} {
		mb, err := strconv.Atoi(env(lim.env))
		if err != nil || mb < 1 || mb > 1<<20 {
			return cfg, fmt.Errorf("%s: want a positive whole number of MB, got %q", lim.env, env(lim.env))
		}
		*lim.to = int64(mb) << 20
	}
	if cfg.Attachments.CaseBytes < cfg.Attachments.FileBytes {
		return cfg, fmt.Errorf("PINGAN_CASE_ATTACHMENTS_MAX_MB (%d) is below PINGAN_ATTACHMENT_MAX_MB (%d)", cfg.Attachments.CaseBytes>>20, cfg.Attachments.FileBytes>>20)
	}
	if v, ok := os.LookupEnv("PINGAN_TRUSTED_PROXIES"); ok {
		cfg.TrustedProxies = []string{}
		for _, cidr := range strings.Split(v, ",") {
			if cidr = strings.TrimSpace(cidr); cidr != "" {
				cfg.TrustedProxies = append(cfg.TrustedProxies, cidr)
			}
		}
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(strings.ToUpper(env("PINGAN_LOG_LEVEL")))); err != nil {
		return cfg, fmt.Errorf("PINGAN_LOG_LEVEL: %w", err)
	}
	cfg.Logger = slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	return cfg, nil
}
