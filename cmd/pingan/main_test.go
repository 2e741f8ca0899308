package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"pingan/handlers/handlerstest"
)

var binary string

// TestMain builds the real binary once; the tests run it as an operator would.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pingan-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "pingan")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// proc is a running `pingan serve` with the tests' HTTP client pointed at it.
type proc struct {
	*handlerstest.Client
	cmd    *exec.Cmd
	addr   string
	stdout string // what it printed up to its ready line
}

// startBinary runs `pingan serve` on a free loopback port and waits for its ready line, which names the port.
func startBinary(t *testing.T, dataDir string, extraEnv ...string) *proc {
	t.Helper()
	cmd := exec.Command(binary, "serve")
	cmd.Env = append(os.Environ(), "PINGAN_ADDR=127.0.0.1:0", "PINGAN_DATA_DIR="+dataDir, "PINGAN_LOG_LEVEL=error")
	cmd.Env = append(cmd.Env, extraEnv...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	type readyLine struct{ printed, url string }
	ready := make(chan readyLine, 1)
	go func() {
		sc := bufio.NewScanner(out)
		var printed strings.Builder
		signalled := false
		for sc.Scan() { // read to the end, so the server never blocks on a full pipe
			if signalled {
				continue
			}
			printed.WriteString(sc.Text() + "\n")
			if _, url, ok := strings.Cut(sc.Text(), "listening on "); ok {
				ready <- readyLine{printed.String(), strings.TrimSpace(url)}
				signalled = true
			}
		}
	}()
	var line readyLine
	select {
	case line = <-ready:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("server did not become ready")
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	// the client gives up on a dead server quickly
	client := &handlerstest.Client{Base: line.url, HTTP: &http.Client{Timeout: 10 * time.Second}}
	return &proc{Client: client, cmd: cmd, addr: strings.TrimPrefix(line.url, "http://"), stdout: line.printed}
}

func TestSIGTERMExitsCleanlyAndRestartKeepsUsers(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := startBinary(t, dir)
	out := p.stdout // the generated admin password is printed once, before the ready line
	i := strings.Index(out, "password ")
	if i < 0 {
		t.Fatalf("the generated admin password was not printed: %q", out)
	}
	pw := strings.Fields(out[i+len("password "):])[0]
	r := p.Must(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "admin", "password": pw})
	if r.Status != 200 {
		t.Fatalf("admin login with the printed password: %d %s", r.Status, r.Raw)
	}
	tok := r.Body["token"].(string)
	r = p.Must(t, "POST", "/api/v1/users", tok, map[string]string{"username": "keeper", "password": "Keep-me-2026",
		"name": "留存", "role": "mediator", "regionCode": "610921102"})
	if r.Status != 201 {
		t.Fatalf("create user: %d %s", r.Status, r.Raw)
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v (want status 0)", err)
	}

	q := startBinary(t, dir)
	if strings.Contains(q.stdout, "password ") {
		t.Fatal("a restart printed a new admin password")
	}
	for _, u := range [][2]string{{"admin", pw}, {"keeper", "Keep-me-2026"}} {
		if r := q.Must(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": u[0], "password": u[1]}); r.Status != 200 {
			t.Fatalf("%s lost across the restart: %d %s", u[0], r.Status, r.Raw)
		}
	}
}

func TestCannotStartExplainsWhy(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	cases := []struct {
		name string
		env  []string
		want string
	}{
		{"address in use", []string{"PINGAN_ADDR=" + ln.Addr().String()}, "listen on"},
		{"bad read-only flag", []string{"PINGAN_READ_ONLY=perhaps"}, "PINGAN_READ_ONLY"},
		{"unreachable MongoDB", []string{"PINGAN_ADDR=127.0.0.1:0", "PINGAN_MONGO_URI=mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300"}, "MongoDB"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(binary, "serve")
			cmd.Env = append(os.Environ(), "PINGAN_DATA_DIR="+t.TempDir(), "PINGAN_LOG_LEVEL=error")
			cmd.Env = append(cmd.Env, tc.env...)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("started anyway: %s", out)
			}
			if !strings.Contains(string(out), tc.want) {
				t.Fatalf("message %q does not mention %q", out, tc.want)
			}
		})
	}
}

func TestServeHelpListsTheEnvironment(t *testing.T) {
	t.Parallel()
	out, err := exec.Command(binary, "serve", "--help").CombinedOutput()
	if err != nil {
		t.Fatalf("serve --help: %v", err)
	}
	for _, v := range []string{"PINGAN_ADDR", "PINGAN_DATA_DIR", "PINGAN_MONGO_URI", "PINGAN_DB", "PINGAN_JWT_SECRET", "PINGAN_ADMIN_PASSWORD"} {
		if !strings.Contains(string(out), v) {
			t.Errorf("serve --help does not list %s", v)
		}
	}
}

// TestOpenAPICommand: `pingan openapi` prints the document without a store; --write writes the web app's
// generated files.
func TestOpenAPICommand(t *testing.T) {
	out, err := exec.Command(binary, "openapi").Output()
	if err != nil {
		t.Fatalf("pingan openapi: %v", err)
	}
	var doc struct {
		OpenAPI    string `json:"openapi"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(out, &doc); err != nil || doc.OpenAPI != "3.1.0" || doc.Components.Schemas["Case"] == nil {
		t.Fatalf("not the document (%v): %.200s", err, out)
	}
	dir := t.TempDir()
	if out, err := exec.Command(binary, "openapi", "--write", dir).CombinedOutput(); err != nil {
		t.Fatalf("pingan openapi --write: %v\n%s", err, out)
	}
	for _, name := range []string{"openapi.json", "schema.ts", "enums.ts"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
}
