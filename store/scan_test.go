package store

import (
	"bytes"
	"context"
	"reflect"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"pingan/domain"
)

// The direct scan of the embedded store's table decodes every case exactly as the driver does: cases of
// both kinds at every stage, with supervisions (open and answered), extensions, rejections, re-opened
// petitions, empty and missing optional fields, written by bulk insert, single insert and update.
func TestDirectScanMatchesDriver(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	g := newBenchGen(3)
	cases := g.history(1500) // more than one batch of the direct scan
	reg := benchNow.AddDate(0, -2, 0)
	leader := benchUser(domain.RoleLeader, "6109")

	supervised := g.dispute(g.town(), reg, 2)
	if err := domain.Apply(supervised, domain.ActionInput{Action: "supervise", Version: supervised.Version, Note: "请加快办理"},
		leader, benchRegions, reg.AddDate(0, 0, 5)); err != nil {
		t.Fatal(err)
	}
	answered := g.dispute(g.town(), reg, 2)
	if err := domain.Apply(answered, domain.ActionInput{Action: "supervise", Version: answered.Version, Note: "督办"},
		leader, benchRegions, reg.AddDate(0, 0, 5)); err != nil {
		t.Fatal(err)
	}
	apply(answered, reg.AddDate(0, 0, 6), domain.ActionInput{Action: "feedback", Note: "已约谈双方"})
	apply(answered, reg.AddDate(0, 0, 7), domain.ActionInput{Action: "extend", Days: 10, Reason: "双方同意"})
	rejected := g.newDispute(g.town(), reg)
	apply(rejected, reg.Add(time.Hour), domain.ActionInput{Action: "reject", Reason: "不属于受理范围"})
	reopened := g.petition(g.town(), reg)
	for reopened.Status != domain.StatusCleared {
		reopened = g.petition(g.town(), reg)
	}
	due := reg.AddDate(0, 0, 110)
	apply(reopened, reg.AddDate(0, 0, 50), domain.ActionInput{Action: "reopen", Reason: "再次来访", DueAt: &due})
	cases = append(cases, supervised, answered, rejected, reopened)
	if err := s.InsertCasesBulk(ctx, cases); err != nil {
		t.Fatal(err)
	}
	single := g.newDispute(g.town(), reg)
	if err := s.InsertCase(ctx, single); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateCase(ctx, single.ID, func(c *domain.Case) error {
		in := domain.ActionInput{Action: "accept", Version: c.Version, Note: "受理"}
		return domain.Apply(c, in, benchUser(domain.RoleMediator, c.TownshipCode), benchRegions, reg.Add(time.Hour))
	}); err != nil {
		t.Fatal(err)
	}

	read := func(each func(context.Context, func(*domain.Case) error) error) map[string]domain.Case {
		var kept []*domain.Case // the pointers fn gets stay valid after it returns
		if err := each(ctx, func(c *domain.Case) error { kept = append(kept, c); return nil }); err != nil {
			t.Fatal(err)
		}
		out := map[string]domain.Case{}
		for _, c := range kept {
			out[c.ID] = *c
		}
		return out
	}
	direct, driver := read(s.eachCaseDirect), read(s.eachCaseCursor)
	if len(driver) != len(cases)+1 || len(direct) != len(driver) {
		t.Fatalf("direct scan %d cases, driver %d, stored %d", len(direct), len(driver), len(cases)+1)
	}
	for id, want := range driver {
		if got := direct[id]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s differs:\ndirect %+v\ndriver %+v", id, got, want)
		}
	}
}

func TestSJSONToBSONRefusesWhatItCannotRead(t *testing.T) {
	for name, doc := range map[string]string{
		"not JSON":          `{"$s":`,
		"no schema":         `{"_id":"x"}`,
		"unknown type":      `{"$s":{"p":{"_id":{"t":"regex","o":""}},"$k":["_id"]},"_id":"x"}`,
		"missing field":     `{"$s":{"p":{"_id":{"t":"string"}},"$k":["_id"]}}`,
		"wrong value":       `{"$s":{"p":{"n":{"t":"int"}},"$k":["n"]},"n":"seven"}`,
		"array length":      `{"$s":{"p":{"a":{"t":"array","i":[{"t":"string"}]}},"$k":["a"]},"a":["x","y"]}`,
		"bad objectId":      `{"$s":{"p":{"_id":{"t":"objectId"}},"$k":["_id"]},"_id":"zz"}`,
		"field, no schema":  `{"$s":{"p":{},"$k":["x"]},"x":1}`,
		"fraction for long": `{"$s":{"p":{"n":{"t":"long"}},"$k":["n"]},"n":1.5}`,
		"too big for int":   `{"$s":{"p":{"n":{"t":"int"}},"$k":["n"]},"n":2147483648}`,
		"unknown field":     `{"$s":{"p":{"n":{"t":"int"}},"$k":["n"]},"n":1,"m":2}`,
		"unterminated":      `{"$s":{"p":{"s":{"t":"string"}},"$k":["s"]},"s":"abc`,
		"bad escape":        `{"$s":{"p":{"s":{"t":"string"}},"$k":["s"]},"s":"\x"}`,
	} {
		if _, err := sjsonToBSON(nil, []byte(doc)); err == nil {
			t.Errorf("%s: accepted %s", name, doc)
		}
		var d sjsonDecoder
		if _, err := d.toBSON(nil, []byte(doc)); err == nil {
			t.Errorf("%s: the single pass accepted %s", name, doc)
		}
	}
}

// allTypes is a stored document with every type the scan reads, escapes, non-BMP characters, nesting and
// empty containers, in FerretDB's layout ("$s" first, fields in schema order).
const allTypes = `{"$s":{"p":{"_id":{"t":"string"},"n":{"t":"int"},"l":{"t":"long"},"d":{"t":"date"},` +
	`"f":{"t":"double"},"b":{"t":"bool"},"z":{"t":"null"},"o":{"t":"objectId"},` +
	`"sub":{"t":"object","$s":{"p":{"a":{"t":"string"},"t":{"t":"bool"}},"$k":["a","t"]}},` +
	`"arr":{"t":"array","i":[{"t":"string"},{"t":"int"},{"t":"object","$s":{"p":{},"$k":[]}},{"t":"array","i":[]}]},` +
	`"e":{"t":"array","i":[]}},"$k":["_id","n","l","d","f","b","z","o","sub","arr","e"]},` +
	`"_id":"x\"y\\z\u003c\u4e2d\n\t\/\b\f\r","n":-7,"l":9007199254740993,"d":-1000,"f":-1.5e3,"b":false,"z":null,` +
	`"o":"0123456789abcdef01234567","sub":{"a":"中文","t":true},"arr":["\ud83d\ude00 办",2147483647,{},[]],"e":[]}`

// The single-pass conversion gives byte for byte what the generic one gives.
func TestSJSONFastPathMatchesGeneric(t *testing.T) {
	var d sjsonDecoder
	for name, doc := range map[string]string{
		"all types":           allTypes,
		"empty":               `{"$s":{"p":{},"$k":[]}}`,
		"again, cached":       allTypes,
		"spaces around":       ` { "$s" :{"p":{"a":{"t":"int"}},"$k":["a"]} , "a" : 1 } `,
		"schema not first":    `{"a":1,"$s":{"p":{"a":{"t":"int"}},"$k":["a"]}}`,
		"escaped schema text": `{"$s":{"p":{"a\"b":{"t":"string"}},"$k":["a\"b"]},"a\"b":"\"\""}`,
	} {
		want, err := sjsonToBSON(nil, []byte(doc))
		if err != nil {
			t.Fatalf("%s: generic: %v", name, err)
		}
		got, err := d.toBSON(nil, []byte(doc))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %v\nwant %v", name, bson.Raw(got), bson.Raw(want))
		}
	}
}
