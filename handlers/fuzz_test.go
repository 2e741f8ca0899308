package handlers

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"pingan/domain"
	"pingan/handlers/handlerstest"
)

// The fuzz targets post arbitrary bodies through the real handlers (middleware, binding, domain, store)
// of one server per target, reused across iterations: no network, one request per iteration plus the
// store reads that check the properties. Properties:
//   - never a 5xx (a panic is recovered into a 500, so this covers panics too);
//   - a 4xx changes nothing: no case, no case number, no version, no timeline entry, no index entry;
//   - a 2xx changes exactly what it says.

// fuzzRoles are who sends the body: the admin, a mediator and a petition officer of townA, a leader of
// the county. The first fuzz argument picks one.
var fuzzRoles = []struct {
	name   string
	role   domain.Role
	region string
}{
	{"admin", domain.RoleAdmin, "6109"},
	{"fz-mediator", domain.RoleMediator, townA},
	{"fz-petition", domain.RolePetition, townA},
	{"fz-leader", domain.RoleLeader, county},
}

type fuzzServer struct {
	s      *testServer
	c      *handlerstest.Client // in-process: the handler without the network
	tokens []string
}

func newFuzzServer(f *testing.F) *fuzzServer {
	s := startServer(f)
	fs := &fuzzServer{s: s, c: handlerstest.InProcess(s.App.Handler())}
	for _, r := range fuzzRoles {
		if r.name == "admin" {
			fs.tokens = append(fs.tokens, s.admin)
			continue
		}
		fs.tokens = append(fs.tokens, s.createUser(r.name, r.role, r.region))
	}
	return fs
}

func (fs *fuzzServer) token(who uint8) string { return fs.tokens[int(who)%len(fs.tokens)] }

// post sends one JSON body to the handler in-process.
func (fs *fuzzServer) post(tb testing.TB, path, token string, body []byte) handlerstest.Response {
	tb.Helper()
	return fs.c.Must(tb, "POST", path, token, body)
}

func FuzzCaseIntake(f *testing.F) {
	fs := newFuzzServer(f)
	app := fs.s.App
	// numbers handed out per township and year: a 201 must take exactly the next one, so a refused
	// body that had burnt a number would show as a gap
	issued := map[string]int{}
	f.Fuzz(func(t *testing.T, who uint8, body []byte) {
		before := app.index.Len()
		r := fs.post(t, "/api/v1/cases", fs.token(who), body)
		switch {
		case r.Status >= 500:
			t.Fatalf("%d %s for body %q", r.Status, r.Raw, body)
		case r.Status == http.StatusCreated:
			var out struct {
				ID      string `json:"id"`
				Version int    `json:"version"`
			}
			if err := json.Unmarshal(r.Raw, &out); err != nil {
				t.Fatalf("201 answer: %v %s", err, r.Raw)
			}
			stored, err := app.store.GetCase(t.Context(), out.ID)
			if err != nil {
				t.Fatalf("answered 201 with %s, not stored: %v", out.ID, err)
			}
			if stored.Version != 1 || len(stored.Timeline) != 1 || out.Version != 1 {
				t.Fatalf("new case %s at version %d with %d timeline entries", out.ID, stored.Version, len(stored.Timeline))
			}
			if app.index.Len() != before+1 {
				t.Fatalf("index grew from %d to %d on one registration", before, app.index.Len())
			}
			key := out.ID[:strings.LastIndex(out.ID, "-")]
			seq, _ := strconv.Atoi(out.ID[len(key)+1:])
			if issued[key]++; seq != issued[key] {
				t.Fatalf("case number %s, want sequence %d: a refused body used a number", out.ID, issued[key])
			}
		case r.Status >= 400:
			if app.index.Len() != before {
				t.Fatalf("a %d answer changed the index from %d to %d cases", r.Status, before, app.index.Len())
			}
		default:
			t.Fatalf("unexpected %d %s", r.Status, r.Raw)
		}
	})
}

// actionSlots are the cases FuzzCaseAction acts on: one in every status of both lifecycles in townA, and
// one of each kind in another county. The second fuzz argument picks one; the seed corpus names them by
// index. A slot whose case an action moves is refilled with a new case in the slot's status.
var actionSlots = []struct {
	kind   domain.Kind
	town   string
	status domain.Status
	path   []string // actions from the first status
}{
	{domain.KindDispute, townA, domain.StatusRegistered, nil},                                                           // 0
	{domain.KindDispute, townA, domain.StatusAccepted, []string{"accept"}},                                              // 1
	{domain.KindDispute, townA, domain.StatusMediating, []string{"accept", "start"}},                                    // 2
	{domain.KindDispute, townA, domain.StatusResolved, []string{"accept", "start", "resolve"}},                          // 3
	{domain.KindDispute, townA, domain.StatusFailed, []string{"accept", "start", "fail"}},                               // 4
	{domain.KindDispute, townA, domain.StatusClosed, []string{"accept", "start", "resolve", "close"}},                   // 5
	{domain.KindDispute, townA, domain.StatusRejected, []string{"reject"}},                                              // 6
	{domain.KindPetition, townA, domain.StatusReceived, nil},                                                            // 7
	{domain.KindPetition, townA, domain.StatusAccepted, []string{"accept"}},                                             // 8
	{domain.KindPetition, townA, domain.StatusResolving, []string{"accept", "assign"}},                                  // 9
	{domain.KindPetition, townA, domain.StatusResolved, []string{"accept", "assign", "resolve"}},                        // 10
	{domain.KindPetition, townA, domain.StatusCleared, []string{"accept", "assign", "resolve", "apply_clear", "clear"}}, // 11
	{domain.KindPetition, townA, domain.StatusReturned, []string{"return"}},                                             // 12
	{domain.KindDispute, townC, domain.StatusRegistered, nil},                                                           // 13
	{domain.KindPetition, townC, domain.StatusReceived, nil},                                                            // 14
	{domain.KindDispute, townA, domain.StatusMediating, []string{"accept", "start", "supervise"}},                       // 15: 督办 open
	{domain.KindPetition, townA, domain.StatusResolving, []string{"accept", "assign", "supervise"}},                     // 16: 督办 open
}

// slotActions are the bodies that take a case along a slot's path ("@V": the case's version, "@TODAY": the
// date today).
var slotActions = map[string]string{
	"accept":      `{"action":"accept","version":@V}`,
	"reject":      `{"action":"reject","version":@V,"reason":"不属于调解范围"}`,
	"return":      `{"action":"return","version":@V,"reason":"不属于本级"}`,
	"start":       `{"action":"start","version":@V,"mediators":["刘调解"]}`,
	"resolve":     `{"action":"resolve","version":@V,"agreement":{"type":"written","terms":"赔偿两千元"},"resolutionType":"resolved"}`,
	"fail":        `{"action":"fail","version":@V,"failureReason":"refused","redirect":"litigation"}`,
	"close":       `{"action":"close","version":@V,"followUp":{"at":"@TODAY","satisfaction":"satisfied"}}`,
	"assign":      `{"action":"assign","version":@V,"leadLeader":{"name":"王书记","post":"镇党委书记"}}`,
	"apply_clear": `{"action":"apply_clear","version":@V}`,
	"clear":       `{"action":"clear","version":@V}`,
	"supervise":   `{"action":"supervise","version":@V,"note":"请加快办理"}`,
}

// fill makes a new case for a slot, with the admin's token.
func (fs *fuzzServer) fill(tb testing.TB, slot int) string {
	sl := actionSlots[slot]
	body := disputeBody(sl.town, nil)
	if sl.kind == domain.KindPetition {
		body = petitionBody(sl.town, nil)
	}
	raw, _ := json.Marshal(body)
	r := fs.post(tb, "/api/v1/cases", fs.s.admin, raw)
	var c struct {
		ID      string        `json:"id"`
		Version int           `json:"version"`
		Status  domain.Status `json:"status"`
	}
	if err := json.Unmarshal(r.Raw, &c); r.Status != http.StatusCreated || err != nil {
		tb.Fatalf("slot %d: register: %d %s", slot, r.Status, r.Raw)
	}
	for _, action := range sl.path {
		b := strings.ReplaceAll(slotActions[action], "@V", strconv.Itoa(c.Version))
		b = strings.ReplaceAll(b, "@TODAY", time.Now().In(domain.Shanghai).Format(time.DateOnly)) // a bare date: today, capped at now
		r := fs.post(tb, "/api/v1/cases/"+c.ID+"/actions", fs.s.admin, []byte(b))
		if err := json.Unmarshal(r.Raw, &c); r.Status != http.StatusOK || err != nil {
			tb.Fatalf("slot %d: %s: %d %s", slot, action, r.Status, r.Raw)
		}
	}
	if c.Status != sl.status {
		tb.Fatalf("slot %d: case in %s, want %s", slot, c.Status, sl.status)
	}
	return c.ID
}

func FuzzCaseAction(f *testing.F) {
	fs := newFuzzServer(f)
	app := fs.s.App
	ids := make([]string, len(actionSlots))
	for i := range actionSlots {
		ids[i] = fs.fill(f, i)
	}
	// "@V" in a body stands for the case's current version, so bodies get past the version check
	f.Fuzz(func(t *testing.T, who uint8, slot uint8, body []byte) {
		i := int(slot) % len(ids)
		id := ids[i]
		before, err := app.store.GetCase(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		cases := app.index.Len()
		body = bytes.ReplaceAll(body, []byte("@V"), []byte(strconv.Itoa(before.Version)))
		r := fs.post(t, "/api/v1/cases/"+id+"/actions", fs.token(who), body)
		after, err := app.store.GetCase(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		summary, _ := app.index.Get(id)
		switch {
		case r.Status >= 500:
			t.Fatalf("%d %s for body %q on %s", r.Status, r.Raw, body, before.Status)
		case r.Status == http.StatusOK:
			if after.Version != before.Version+1 || len(after.Timeline) != len(before.Timeline)+1 {
				t.Fatalf("200 moved version %d→%d, timeline %d→%d", before.Version, after.Version, len(before.Timeline), len(after.Timeline))
			}
			if summary.Version != after.Version || summary.Status != after.Status {
				t.Fatalf("index at version %d (%s), store at %d (%s)", summary.Version, summary.Status, after.Version, after.Status)
			}
			ids[i] = fs.fill(t, i) // keep every status on offer
		case r.Status >= 400:
			if after.Version != before.Version || len(after.Timeline) != len(before.Timeline) || after.Status != before.Status {
				t.Fatalf("a %d answer changed the case: version %d→%d, status %s→%s, timeline %d→%d: %s",
					r.Status, before.Version, after.Version, before.Status, after.Status, len(before.Timeline), len(after.Timeline), r.Raw)
			}
			if summary.Version != before.Version || app.index.Len() != cases {
				t.Fatalf("a %d answer changed the index", r.Status)
			}
		default:
			t.Fatalf("unexpected %d %s", r.Status, r.Raw)
		}
	})
}
