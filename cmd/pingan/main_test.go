package main

import (
	"bufio"
	"bytes"
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

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

type proc struct {
	cmd    *exec.Cmd
	addr   string
	stdout *bytes.Buffer
}

// startBinary runs `pingan serve` and waits for its ready line.
func startBinary(t *testing.T, dataDir string, extraEnv ...string) *proc {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(binary, "serve")
	cmd.Env = append(os.Environ(), "PINGAN_ADDR="+addr, "PINGAN_DATA_DIR="+dataDir, "PINGAN_LOG_LEVEL=error")
	cmd.Env = append(cmd.Env, extraEnv...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, addr: addr, stdout: &bytes.Buffer{}}
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		signalled := false
		for sc.Scan() {
			p.stdout.WriteString(sc.Text() + "\n")
			if !signalled && strings.Contains(sc.Text(), "listening on http://") {
				close(ready)
				signalled = true
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("server did not become ready")
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return p
}

func (p *proc) post(t *testing.T, path, token string, body any) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", "http://"+p.addr+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

func TestSIGTERMExitsCleanlyAndRestartKeepsUsers(t *testing.T) {
	dir := t.TempDir()
	p := startBinary(t, dir)
	out := p.stdout.String() // the generated admin password is printed once, before the ready line
	i := strings.Index(out, "password ")
	if i < 0 {
		t.Fatalf("the generated admin password was not printed: %q", out)
	}
	pw := strings.Fields(out[i+len("password "):])[0]
	status, body := p.post(t, "/api/v1/auth/login", "", map[string]string{"username": "admin", "password": pw})
	if status != 200 {
		t.Fatalf("admin login with the printed password: %d %v", status, body)
	}
	tok := body["token"].(string)
	status, body = p.post(t, "/api/v1/users", tok, map[string]string{"username": "keeper", "password": "Keep-me-2026",
		"name": "留存", "role": "mediator", "regionCode": "610921102"})
	if status != 201 {
		t.Fatalf("create user: %d %v", status, body)
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v (want status 0)", err)
	}

	q := startBinary(t, dir)
	if strings.Contains(q.stdout.String(), "password ") {
		t.Fatal("a restart printed a new admin password")
	}
	for _, u := range [][2]string{{"admin", pw}, {"keeper", "Keep-me-2026"}} {
		if status, body := q.post(t, "/api/v1/auth/login", "", map[string]string{"username": u[0], "password": u[1]}); status != 200 {
			t.Fatalf("%s lost across the restart: %d %v", u[0], status, body)
		}
	}
}

func TestCannotStartExplainsWhy(t *testing.T) {
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
