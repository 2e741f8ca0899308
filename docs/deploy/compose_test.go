// Package deploy checks the production layout: docker-compose.yml is loaded and validated with compose-go,
// the loader `docker compose config` itself uses (schema, interpolation, references between services,
// networks and volumes), and the Caddyfile is checked against it.
package deploy

import (
	"context"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

const secret = "0123456789abcdef0123456789abcdef"

// load is `docker compose --profile reporting --profile backup config` with env as the environment.
func load(t *testing.T, env ...string) (*types.Project, error) {
	t.Helper()
	return loadFile(t, "../../docker-compose.yml", env...)
}

func loadFile(t *testing.T, path string, env ...string) (*types.Project, error) {
	t.Helper()
	opts, err := cli.NewProjectOptions([]string{path},
		cli.WithWorkingDirectory("../.."), cli.WithEnv(env), cli.WithProfiles([]string{"reporting", "backup"}))
	if err != nil {
		t.Fatal(err)
	}
	return opts.LoadProject(context.Background())
}

func env(s types.ServiceConfig, name string) string {
	if v := s.Environment[name]; v != nil {
		return *v
	}
	return ""
}

func TestComposeFileIsValid(t *testing.T) {
	p, err := load(t, "PINGAN_JWT_SECRET="+secret, "PINGAN_ADMIN_PASSWORD=Admin-pass-2026")
	if err != nil {
		t.Fatalf("docker compose config: %v", err)
	}
	want := []string{"backup", "mongo-init", "mongo1", "mongo2", "mongo3", "pingan-report", "pingan1", "pingan2", "proxy"}
	if got := p.ServiceNames(); !slices.Equal(sorted(got), want) {
		t.Fatalf("services %v, want %v", sorted(got), want)
	}
	if !p.Networks["backend"].Internal {
		t.Error("the MongoDB network is not internal")
	}
	for _, name := range []string{"mongo1", "mongo2", "mongo3"} {
		s := p.Services[name]
		if !slices.Contains(s.Command, "--replSet") || !slices.Contains(s.Command, "rs0") {
			t.Errorf("%s is not a member of rs0: %v", name, s.Command)
		}
		if _, onBackend := s.Networks["backend"]; len(s.Ports) > 0 || len(s.Networks) != 1 || !onBackend {
			t.Errorf("%s is reachable from outside the backend network: ports %v, networks %v", name, s.Ports, s.Networks)
		}
		if !strings.Contains(strings.Join(p.Services["mongo-init"].Entrypoint, " "), name+":27017") {
			t.Errorf("mongo-init does not make %s a member", name)
		}
	}
	for _, name := range []string{"pingan1", "pingan2", "pingan-report"} {
		s := p.Services[name]
		uri := env(s, "PINGAN_MONGO_URI")
		for _, part := range []string{"mongo1:27017", "mongo2:27017", "mongo3:27017", "replicaSet=rs0"} {
			if !strings.Contains(uri, part) {
				t.Errorf("%s: PINGAN_MONGO_URI %q lacks %s", name, uri, part)
			}
		}
		if env(s, "PINGAN_JWT_SECRET") != secret {
			t.Errorf("%s does not get the shared JWT secret", name)
		}
		if s.StopGracePeriod == nil || time.Duration(*s.StopGracePeriod) < 25*time.Second {
			t.Errorf("%s: stop_grace_period %v leaves the 20 s drain no time", name, s.StopGracePeriod)
		}
		if readOnly := env(s, "PINGAN_READ_ONLY") == "true"; readOnly != (name == "pingan-report") {
			t.Errorf("%s: PINGAN_READ_ONLY=%q", name, env(s, "PINGAN_READ_ONLY"))
		}
	}
	// The instances believe X-Forwarded-For from Caddy alone, at its fixed address.
	proxyAddr := p.Services["proxy"].Networks["edge"].Ipv4Address
	for _, name := range []string{"pingan1", "pingan2"} {
		if got := env(p.Services[name], "PINGAN_TRUSTED_PROXIES"); proxyAddr == "" || got != proxyAddr+"/32" {
			t.Errorf("%s trusts X-Forwarded-For from %q, the proxy is at %q", name, got, proxyAddr)
		}
	}
	if c := p.Services["pingan2"].DependsOn["pingan1"].Condition; c != types.ServiceConditionHealthy {
		t.Errorf("pingan2 does not wait for pingan1 (which seeds an empty database): %q", c)
	}

	// The proxy's upstreams are exactly the writing instances.
	caddy, err := os.ReadFile("Caddyfile")
	if err != nil {
		t.Fatal(err)
	}
	var upstreams []string
	for _, line := range strings.Split(string(caddy), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "reverse_proxy" {
			upstreams = slices.DeleteFunc(f[1:], func(s string) bool { return s == "{" })
		}
	}
	if want := []string{"pingan1:8080", "pingan2:8080"}; !slices.Equal(upstreams, want) {
		t.Errorf("Caddy proxies to %v, want %v", upstreams, want)
	}
	// HTTPS only, once a browser has seen it: HSTS for at least a year
	hsts := regexp.MustCompile(`(?m)^\s*header\s+Strict-Transport-Security\s+"max-age=(\d+)`).FindSubmatch(caddy)
	if hsts == nil {
		t.Error("the Caddyfile sets no Strict-Transport-Security header")
	} else if age, _ := strconv.Atoi(string(hsts[1])); age < 31536000 {
		t.Errorf("HSTS max-age %d, want at least a year", age)
	}
}

func TestComposeFileNeedsTheSecrets(t *testing.T) {
	for _, missing := range []string{"PINGAN_JWT_SECRET", "PINGAN_ADMIN_PASSWORD"} {
		var env []string
		for _, v := range []string{"PINGAN_JWT_SECRET=" + secret, "PINGAN_ADMIN_PASSWORD=Admin-pass-2026"} {
			if !strings.HasPrefix(v, missing+"=") {
				env = append(env, v)
			}
		}
		if _, err := load(t, env...); err == nil || !strings.Contains(err.Error(), missing) {
			t.Errorf("without %s: %v, want an error naming it", missing, err)
		}
	}
}

// Every variable the compose file reads is in env.example, the template of the operator's .env.
func TestEnvExampleNamesEverySetting(t *testing.T) {
	compose, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile("env.example")
	if err != nil {
		t.Fatal(err)
	}
	names := regexp.MustCompile(`\$\{([A-Z_][A-Z0-9_]*)`).FindAllStringSubmatch(string(compose), -1)
	if len(names) < 5 {
		t.Fatalf("found only %d variables in the compose file", len(names))
	}
	for _, m := range names {
		if !regexp.MustCompile(`(?m)^` + m[1] + `=`).Match(example) {
			t.Errorf("%s is read by docker-compose.yml but not in env.example", m[1])
		}
	}
}

// The loader is strict: the same file with one mistake is refused, as `docker compose config` would.
func TestComposeLoaderRefusesMistakes(t *testing.T) {
	good, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	mistakes := []struct{ name, from, to, want string }{
		{"unknown service key", "    restart: \"no\"\n    networks: [backend]\n    depends_on:", "    restart: \"no\"\n    netwroks: [backend]\n    depends_on:", "netwroks"},
		{"dependency on no service", "pingan1: {condition: service_healthy}\n\n  # A read-only", "pingan0: {condition: service_healthy}\n\n  # A read-only", "pingan0"},
		{"undefined network", "networks:\n      edge:\n        ipv4_address", "networks:\n      front:\n        ipv4_address", "front"},
	}
	for _, m := range mistakes {
		t.Run(m.name, func(t *testing.T) {
			if strings.Count(string(good), m.from) != 1 {
				t.Fatalf("the compose file no longer has %q once", m.from)
			}
			path := t.TempDir() + "/docker-compose.yml"
			if err := os.WriteFile(path, []byte(strings.Replace(string(good), m.from, m.to, 1)), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := loadFile(t, path, "PINGAN_JWT_SECRET="+secret, "PINGAN_ADMIN_PASSWORD=Admin-pass-2026")
			if err == nil || !strings.Contains(err.Error(), m.want) {
				t.Errorf("loaded with the mistake: %v", err)
			}
		})
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
