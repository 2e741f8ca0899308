package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"pingan/store"
)

// stalenessBound is how soon a read-only instance shows what the writer wrote.
const stalenessBound = 2 * time.Second

// view is what a user sees of the cases: every case's status and version, and the city's resolution report.
func (p *proc) view(t *testing.T, token string) map[string]any {
	t.Helper()
	r := p.Must(t, "GET", "/api/v1/cases?pageSize=100", token, nil)
	if r.Status != 200 {
		t.Fatalf("list on %s: %d %s", p.addr, r.Status, r.Raw)
	}
	list := r.Body
	cases := map[string]string{}
	for _, it := range list["items"].([]any) {
		c := it.(map[string]any)
		cases[c["id"].(string)] = fmt.Sprintf("%s v%v", c["status"], c["version"])
	}
	r = p.Must(t, "GET", "/api/v1/reports/resolution?groupBy=township", token, nil)
	if r.Status != 200 {
		t.Fatalf("report on %s: %d %s", p.addr, r.Status, r.Raw)
	}
	report := r.Body
	return map[string]any{"cases": cases, "total": list["total"], "rows": report["rows"], "totals": report["totals"]}
}

func disputeBody(title string) map[string]any {
	return map[string]any{
		"kind": "dispute", "title": title, "summary": "两户因宅基地界址发生争执。", "category": "housing_homestead",
		"townshipCode": "610921102", "riskLevel": "yellow", "dispute": map[string]any{"source": "application"},
		"parties": []map[string]any{{"name": "张三", "role": "applicant"}, {"name": "李四", "role": "respondent"}},
	}
}

// One writer on the embedded store and a read-only reporting replica pointed at its FerretDB: what the
// writer registers and moves shows in the replica's lists and reports within the staleness bound; the
// replica refuses every write and changes nothing; without PINGAN_READ_ONLY it does not start at all.
func TestReadOnlyReplicaFollowsTheWriter(t *testing.T) {
	// not parallel: it bounds the replica's staleness, which other tests' load would stretch
	secret := "PINGAN_JWT_SECRET=replica-test-secret-0123456789abcdef"
	dir := t.TempDir()
	a := startBinary(t, dir, secret, "PINGAN_ADMIN_PASSWORD=Admin-pass-2026")
	// the operator points the replica at the writer's store explicitly: its Unix socket, named in the data dir
	b0, err := os.ReadFile(filepath.Join(dir, store.URIFile))
	uri := strings.TrimSpace(string(b0))
	if err != nil || !strings.HasPrefix(uri, "mongodb://%2F") {
		t.Fatalf("the writer's data dir does not name its store's socket: %q %v", b0, err)
	}
	tok := a.Login(t, "admin", "Admin-pass-2026")

	t.Run("a second writer is refused", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, binary, "serve")
		cmd.Env = append(os.Environ(), "PINGAN_ADDR=127.0.0.1:0", "PINGAN_DATA_DIR="+t.TempDir(), "PINGAN_LOG_LEVEL=error",
			"PINGAN_MONGO_URI="+uri, secret)
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Fatalf("a second writing instance started on the embedded store: %s", out)
		}
		for _, want := range []string{"FerretDB", "lose each other's updates", "replica set", "PINGAN_READ_ONLY=true"} {
			if !strings.Contains(string(out), want) {
				t.Errorf("the refusal does not say %q: %s", want, out)
			}
		}
	})

	b := startBinary(t, t.TempDir(), "PINGAN_MONGO_URI="+uri, "PINGAN_READ_ONLY=true", secret)
	ready := b.Must(t, "GET", "/readyz", tok, nil).Body
	if follow, _ := ready["follow"].(map[string]any); ready["readOnly"] != true || follow["mode"] != "poll" {
		t.Fatalf("the replica's /readyz: %v, want readOnly and follow mode poll", ready)
	}
	var ids []string
	for _, title := range []string{"张某与李某宅基地界址纠纷", "王某与赵某邻里噪音纠纷", "陈某与刘某借款合同纠纷"} {
		r := a.Must(t, "POST", "/api/v1/cases", tok, disputeBody(title))
		if r.Status != 201 {
			t.Fatalf("register: %d %s", r.Status, r.Raw)
		}
		ids = append(ids, r.Body["id"].(string))
	}
	act := func(id, action string, version int, fields map[string]any) {
		t.Helper()
		body := map[string]any{"action": action, "version": version}
		for k, v := range fields {
			body[k] = v
		}
		if r := a.Must(t, "POST", "/api/v1/cases/"+id+"/actions", tok, body); r.Status != 200 {
			t.Fatalf("%s %s: %d %s", action, id, r.Status, r.Raw)
		}
	}
	act(ids[0], "accept", 1, nil)
	act(ids[0], "start", 2, map[string]any{"mediators": []string{"王调解"}})
	act(ids[0], "resolve", 3, map[string]any{"agreement": map[string]any{"type": "written", "terms": "界址以旧墙为准"}})
	act(ids[1], "reject", 1, map[string]any{"reason": "不属于人民调解范围"})
	written := time.Now()

	want := a.view(t, tok)
	ra := a.Must(t, "GET", "/readyz", tok, nil).Body
	fa := ra["follow"].(map[string]any)
	if fa["lastSeq"] != float64(7) {
		t.Errorf("writer's last change %v, want 7 (three registrations, four actions)", fa)
	}
	// the replica shows what the writer shows, and has followed the change log to its head
	var got, fb map[string]any
	for {
		got = b.view(t, tok) // the shared secret: the writer's token is good on the replica
		rb := b.Must(t, "GET", "/readyz", tok, nil).Body
		fb = rb["follow"].(map[string]any)
		if reflect.DeepEqual(got, want) && fb["lastSeq"] == fa["lastSeq"] {
			break
		}
		if time.Since(written) > stalenessBound {
			t.Fatalf("after %v the replica (follow %v) shows\n%v\nthe writer\n%v", stalenessBound, fb, got, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("the replica showed the writes %v after the last one was acknowledged", time.Since(written).Round(time.Millisecond))

	t.Run("the replica refuses writes", func(t *testing.T) {
		writes := []struct {
			what, path string
			body       any
		}{
			{"register", "/api/v1/cases", disputeBody("只读实例上的登记")},
			{"act", "/api/v1/cases/" + ids[2] + "/actions", map[string]any{"action": "accept", "version": 1}},
			{"create a user", "/api/v1/users", map[string]string{"username": "ghost", "password": "Ghost-pass-2026",
				"name": "幽灵", "role": "mediator", "regionCode": "610921102"}},
		}
		for _, w := range writes {
			r := b.Must(t, "POST", w.path, tok, w.body)
			msg, _ := r.Body["error"].(map[string]any)["message"].(string)
			if r.Status != 403 || !strings.Contains(msg, "只读") {
				t.Errorf("%s on the replica: %d %s, want 403 saying it is read-only", w.what, r.Status, r.Raw)
			}
		}
		if r := b.Must(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "admin", "password": "Admin-pass-2026"}); r.Status != 200 {
			t.Errorf("login on the replica: %d %s", r.Status, r.Raw)
		}
		if after := a.view(t, tok); !reflect.DeepEqual(after, want) {
			t.Errorf("refused writes changed the store:\n%v\nwas\n%v", after, want)
		}
		if r := a.Must(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "ghost", "password": "Ghost-pass-2026"}); r.Status != 401 {
			t.Errorf("the user refused on the replica exists: login %d", r.Status)
		}
	})

	t.Run("the replica follows the ledgers", func(t *testing.T) {
		// what the writer records beside cases (hazards, 排查 places and rounds, 稳评, committees) shows on the
		// replica too, within the same bound, as it stands after every change
		town := "610921102"
		post := func(path string, body map[string]any) map[string]any {
			t.Helper()
			r := a.Must(t, "POST", path, tok, body)
			if r.Status != 201 {
				t.Fatalf("POST %s: %d %s", path, r.Status, r.Raw)
			}
			return r.Body
		}
		h := post("/api/v1/hazards", map[string]any{"type": "dispute_escalation", "title": "月河村宅基地纠纷激化",
			"description": "两户因宅基地边界多次争吵", "townshipCode": town, "place": "月河村三组", "level": "orange",
			"peopleCount": 6, "people": "王某、李某", "foundBy": "网格员张敏"})
		if r := a.Must(t, "POST", "/api/v1/hazards/"+h["id"].(string)+"/actions", tok, map[string]any{"action": "assess",
			"assessment": "双方积怨较深，需村组干部介入", "level": "red", "version": h["version"]}); r.Status != 200 {
			t.Fatalf("assess the hazard: %d %s", r.Status, r.Raw)
		}
		if r := a.Must(t, "PUT", "/api/v1/screening/places/"+town, tok, map[string]any{"version": 0,
			"places": []any{map[string]any{"name": "月河村", "kind": "village"}}}); r.Status != 200 {
			t.Fatalf("the list of places: %d %s", r.Status, r.Raw)
		}
		post("/api/v1/screening/rounds", map[string]any{"townshipCode": town, "date": time.Now().Format(time.DateOnly),
			"participants": []string{"王书记"}, "zeroReport": true})
		post("/api/v1/assessments", map[string]any{"project": "月河川道征地拆迁安置", "kind": "land_requisition",
			"regionCode": town, "decidingBody": "汉阴县人民政府", "assessingBody": "汉阴县自然资源局",
			"assessedOn": time.Now().Format(time.DateOnly), "grade": "low", "conclusion": "implement", "conditions": []any{}})
		post("/api/v1/committees", map[string]any{"name": "月河村人民调解委员会", "kind": "village", "regionCode": town,
			"village": "月河村", "mediators": []any{}})
		written := time.Now()
		ledgers := func(p *proc) map[string]any {
			out := map[string]any{}
			for _, path := range []string{"/api/v1/hazards?pageSize=100", "/api/v1/screening/places?township=" + town,
				"/api/v1/screening/rounds?region=" + town, "/api/v1/assessments", "/api/v1/committees?region=" + town} {
				r := p.Must(t, "GET", path, tok, nil)
				if r.Status != 200 {
					t.Fatalf("GET %s on %s: %d %s", path, p.addr, r.Status, r.Raw)
				}
				out[path] = r.Body
			}
			return out
		}
		want := ledgers(a)
		for {
			got := ledgers(b)
			if reflect.DeepEqual(got, want) {
				break
			}
			if time.Since(written) > stalenessBound {
				t.Fatalf("after %v the replica shows\n%v\nthe writer\n%v", stalenessBound, got, want)
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}
