package ferretsqlite

import (
	"bytes"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// The scan over a real store, against the driver's answer, is store.TestDirectScanMatchesDriver.

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
