package ferretsqlite

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"
)

// scanBatch is how many documents Scan decodes in parallel before handing them on, in order.
const scanBatch = 512

// Scan streams every document of a collection, in table order, to fn, each decoded into a new T with
// reg (nil: the driver's default registry) exactly as the driver would decode it. The stored SJSON is
// converted to BSON and decoded on every core; fn is called from the calling goroutine and may keep the
// pointer it gets.
func Scan[T any](ctx context.Context, path, collection string, reg *bson.Registry, fn func(*T) error) error {
	conn, err := open(path)
	if err != nil {
		return err
	}
	defer conn.Close()
	table, err := tableOf(ctx, conn, collection)
	if err != nil {
		return err
	}
	rows, err := conn.QueryContext(ctx, fmt.Sprintf(`SELECT _ferretdb_sjson FROM %q`, table))
	if err != nil {
		return fmt.Errorf("scan %s: %w", collection, err)
	}
	defer rows.Close()

	workers := runtime.GOMAXPROCS(0)
	decoders := make([]sjsonDecoder, workers)
	for i := range decoders {
		decoders[i].registry = reg
	}
	raws := make([][]byte, 0, scanBatch)
	errs := make([]error, scanBatch)
	flush := func() error {
		docs := make([]T, len(raws)) // fresh: fn may keep the pointer it gets, as with the driver
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for i := w; i < len(raws); i += workers {
					errs[i] = decoders[w].decode(raws[i], &docs[i])
				}
			})
		}
		wg.Wait()
		for i := range raws {
			if errs[i] != nil {
				return fmt.Errorf("decode a document of %s: %w", collection, errs[i])
			}
			if err := fn(&docs[i]); err != nil {
				return err
			}
		}
		raws = raws[:0]
		return nil
	}
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return fmt.Errorf("scan %s: %w", collection, err)
		}
		raws = append(raws, raw)
		if len(raws) == scanBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("scan %s: %w", collection, err)
	}
	return flush()
}

// sjsonDecoder decodes documents as FerretDB's SQLite backend stores them into values, through BSON, so
// they decode exactly as they would from the driver. It keeps its buffer and the field names it has seen;
// one per goroutine.
type sjsonDecoder struct {
	registry *bson.Registry // nil: the default one
	names    map[string]string
	buf      []byte
}

func (d *sjsonDecoder) decode(raw []byte, v any) error {
	doc, err := d.toBSON(d.buf[:0], raw)
	if err != nil {
		return err
	}
	d.buf = doc
	if d.registry == nil {
		return bson.Unmarshal(doc, v)
	}
	dec := bson.NewDecoder(bson.NewDocumentReader(bytes.NewReader(doc)))
	dec.SetRegistry(d.registry)
	return dec.Decode(v)
}

// sjsonToBSON converts a stored SJSON document — JSON whose "$s" field holds the type schema, {"p":
// {field: elem}, "$k": [field order]}, an elem being {"t": type} with "$s" for objects and "i" (one elem per
// item) for arrays — to a BSON document appended to dst. Only the types Pingan stores are known; any other
// is an error, never a guess.
func sjsonToBSON(dst, raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("sjson: %w", err)
	}
	schema, ok := doc["$s"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("sjson: no schema")
	}
	delete(doc, "$s")
	return appendSJSONDocument(dst, schema, doc)
}

func appendSJSONDocument(dst []byte, schema, values map[string]any) ([]byte, error) {
	props, _ := schema["p"].(map[string]any)
	keys, _ := schema["$k"].([]any)
	if len(values) != len(keys) {
		return nil, fmt.Errorf("sjson: %d fields for a schema of %d", len(values), len(keys))
	}
	idx, dst := bsoncore.ReserveLength(dst)
	for _, k := range keys {
		key, ok := k.(string)
		if !ok {
			return nil, fmt.Errorf("sjson: key %v is not a string", k)
		}
		v, present := values[key]
		if !present {
			return nil, fmt.Errorf("sjson: field %q is in the schema but not in the document", key)
		}
		var err error
		if dst, err = appendSJSONValue(dst, key, props[key], v); err != nil {
			return nil, err
		}
	}
	dst = append(dst, 0x00)
	return bsoncore.UpdateLength(dst, idx, int32(len(dst[idx:]))), nil
}

func appendSJSONValue(dst []byte, key string, elem, v any) ([]byte, error) {
	e, ok := elem.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("sjson: field %q has no schema", key)
	}
	t, _ := e["t"].(string)
	bad := func() ([]byte, error) { return nil, fmt.Errorf("sjson: field %q: %v is not a %s", key, v, t) }
	switch t {
	case "string":
		s, ok := v.(string)
		if !ok {
			return bad()
		}
		return bsoncore.AppendStringElement(dst, key, s), nil
	case "int", "long", "date":
		n, ok := v.(json.Number)
		if !ok {
			return bad()
		}
		i, err := strconv.ParseInt(n.String(), 10, 64)
		if err != nil {
			return bad()
		}
		switch t {
		case "int":
			if int64(int32(i)) != i {
				return bad()
			}
			return bsoncore.AppendInt32Element(dst, key, int32(i)), nil
		case "long":
			return bsoncore.AppendInt64Element(dst, key, i), nil
		}
		return bsoncore.AppendDateTimeElement(dst, key, i), nil
	case "double":
		n, ok := v.(json.Number)
		if !ok {
			return bad()
		}
		f, err := strconv.ParseFloat(n.String(), 64)
		if err != nil {
			return bad()
		}
		return bsoncore.AppendDoubleElement(dst, key, f), nil
	case "bool":
		b, ok := v.(bool)
		if !ok {
			return bad()
		}
		return bsoncore.AppendBooleanElement(dst, key, b), nil
	case "null":
		return bsoncore.AppendNullElement(dst, key), nil
	case "objectId":
		s, ok := v.(string)
		id, err := hex.DecodeString(s)
		if !ok || err != nil || len(id) != 12 {
			return bad()
		}
		var oid bson.ObjectID
		copy(oid[:], id)
		return bsoncore.AppendObjectIDElement(dst, key, oid), nil
	case "object":
		schema, _ := e["$s"].(map[string]any)
		values, ok := v.(map[string]any)
		if !ok {
			return bad()
		}
		dst = bsoncore.AppendHeader(dst, bsoncore.TypeEmbeddedDocument, key)
		return appendSJSONDocument(dst, schema, values)
	case "array":
		items, _ := e["i"].([]any)
		values, ok := v.([]any)
		if !ok || len(values) != len(items) {
			return bad()
		}
		var idx int32
		idx, dst = bsoncore.ReserveLength(bsoncore.AppendHeader(dst, bsoncore.TypeArray, key))
		for i, item := range values {
			var err error
			if dst, err = appendSJSONValue(dst, strconv.Itoa(i), items[i], item); err != nil {
				return nil, err
			}
		}
		dst = append(dst, 0x00)
		return bsoncore.UpdateLength(dst, idx, int32(len(dst[idx:]))), nil
	}
	return nil, fmt.Errorf("sjson: field %q has type %q, which the direct scan does not read", key, t)
}

// sjsonNode is a parsed schema element.
type sjsonNode struct {
	t      bsoncore.Type
	fields []sjsonField // object: in document order
	items  []*sjsonNode // array: one per item
}

type sjsonField struct {
	name string
	node *sjsonNode
}

var sjsonTypes = map[string]bsoncore.Type{"string": bsoncore.TypeString, "int": bsoncore.TypeInt32,
	"long": bsoncore.TypeInt64, "date": bsoncore.TypeDateTime, "double": bsoncore.TypeDouble,
	"bool": bsoncore.TypeBoolean, "null": bsoncore.TypeNull, "objectId": bsoncore.TypeObjectID,
	"object": bsoncore.TypeEmbeddedDocument, "array": bsoncore.TypeArray}

// errSJSONLayout says a document is laid out otherwise than FerretDB writes it; the generic way reads it.
var errSJSONLayout = errors.New("sjson: unexpected layout")

// toBSON converts one stored document to BSON appended to dst in a single pass over its bytes: the schema
// first ("$s", which FerretDB writes first), then each field guided by it. A document laid out otherwise
// goes the generic way (sjsonToBSON).
func (d *sjsonDecoder) toBSON(dst, raw []byte) ([]byte, error) {
	sc := &sjsonScanner{b: raw, names: d.names}
	if d.names == nil {
		d.names = map[string]string{}
		sc.names = d.names
	}
	if !sc.consume('{') || !sc.consume('"') || !bytes.HasPrefix(sc.b[sc.i:], []byte(`$s"`)) {
		return sjsonToBSON(dst, raw)
	}
	sc.i += len(`$s"`)
	if !sc.consume(':') {
		return nil, sc.errorf("':'")
	}
	schema, err := sc.schema()
	if errors.Is(err, errSJSONLayout) {
		return sjsonToBSON(dst, raw)
	}
	if err != nil {
		return nil, err
	}
	idx, dst := bsoncore.ReserveLength(dst)
	n := 0
	for ; sc.consume(','); n++ {
		if dst, err = sc.field(dst, schema, n); err != nil {
			return nil, err
		}
	}
	if !sc.consume('}') || n != len(schema.fields) {
		return nil, sc.errorf("the end of the document after its schema's fields")
	}
	dst = append(dst, 0x00)
	return bsoncore.UpdateLength(dst, idx, int32(len(dst[idx:]))), nil
}

// schema reads {"p": {name: elem, ...}, "$k": [name, ...]} into an object node; its fields are in the
// order of "$k", which must be the order of "p" (as FerretDB writes them) or errSJSONLayout.
func (s *sjsonScanner) schema() (*sjsonNode, error) {
	n := &sjsonNode{t: bsoncore.TypeEmbeddedDocument}
	if !s.consume('{') {
		return nil, s.errorf("a schema")
	}
	keys := -1
	for i := 0; !s.consume('}'); i++ {
		if i > 0 && !s.consume(',') {
			return nil, s.errorf("',' or '}'")
		}
		switch name, err := s.name(); {
		case err != nil:
			return nil, err
		case !s.consume(':'):
			return nil, s.errorf("':'")
		case name == "p":
			if !s.consume('{') {
				return nil, s.errorf("properties")
			}
			for j := 0; !s.consume('}'); j++ {
				if j > 0 && !s.consume(',') {
					return nil, s.errorf("',' or '}'")
				}
				field, err := s.name()
				if err != nil {
					return nil, err
				}
				if !s.consume(':') {
					return nil, s.errorf("':'")
				}
				child, err := s.elem()
				if err != nil {
					return nil, err
				}
				n.fields = append(n.fields, sjsonField{field, child})
			}
		case name == "$k":
			if !s.consume('[') {
				return nil, s.errorf("the field order")
			}
			for keys = 0; !s.consume(']'); keys++ {
				if keys > 0 && !s.consume(',') {
					return nil, s.errorf("',' or ']'")
				}
				field, err := s.name()
				if err != nil {
					return nil, err
				}
				if keys >= len(n.fields) || n.fields[keys].name != field {
					return nil, errSJSONLayout
				}
			}
		default:
			return nil, fmt.Errorf("sjson: schema key %q", name)
		}
	}
	if keys != len(n.fields) {
		return nil, errSJSONLayout
	}
	return n, nil
}

// elem reads {"t": type} with "$s" (objects) or "i" (arrays).
func (s *sjsonScanner) elem() (*sjsonNode, error) {
	if !s.consume('{') {
		return nil, s.errorf("a schema element")
	}
	var n *sjsonNode
	var t bsoncore.Type
	for i := 0; !s.consume('}'); i++ {
		if i > 0 && !s.consume(',') {
			return nil, s.errorf("',' or '}'")
		}
		name, err := s.name()
		if err != nil {
			return nil, err
		}
		if !s.consume(':') {
			return nil, s.errorf("':'")
		}
		switch name {
		case "t":
			typ, err := s.name()
			if err != nil {
				return nil, err
			}
			var ok bool
			if t, ok = sjsonTypes[typ]; !ok {
				return nil, fmt.Errorf("sjson: type %q, which the direct scan does not read", typ)
			}
		case "$s":
			if n, err = s.schema(); err != nil {
				return nil, err
			}
		case "i":
			n = &sjsonNode{t: bsoncore.TypeArray, items: []*sjsonNode{}}
			if !s.consume('[') {
				return nil, s.errorf("array items")
			}
			for j := 0; !s.consume(']'); j++ {
				if j > 0 && !s.consume(',') {
					return nil, s.errorf("',' or ']'")
				}
				item, err := s.elem()
				if err != nil {
					return nil, err
				}
				n.items = append(n.items, item)
			}
		default:
			return nil, fmt.Errorf("sjson: schema element key %q, which the direct scan does not read", name)
		}
	}
	switch {
	case t == 0:
		return nil, s.errorf("a type")
	case n == nil && (t == bsoncore.TypeEmbeddedDocument || t == bsoncore.TypeArray):
		return nil, s.errorf("the schema of an object or array")
	case n == nil:
		return &sjsonNode{t: t}, nil
	case n.t != t:
		return nil, s.errorf("a matching schema")
	}
	return n, nil
}

// sjsonScanner reads the compact JSON FerretDB writes.
type sjsonScanner struct {
	b     []byte
	i     int
	str   []byte            // scratch for decoded strings
	names map[string]string // field names seen, so that each is allocated once
}

// name reads a string that names something (a field, a type) and returns it interned.
func (s *sjsonScanner) name() (string, error) {
	if !s.consume('"') {
		return "", s.errorf("a name")
	}
	b, err := s.stringBody()
	if err != nil {
		return "", err
	}
	if n, ok := s.names[string(b)]; ok {
		return n, nil
	}
	n := string(b)
	if len(s.names) < 4096 {
		s.names[n] = n
	}
	return n, nil
}

func (s *sjsonScanner) errorf(want string) error {
	return fmt.Errorf("sjson: want %s at byte %d", want, s.i)
}

func (s *sjsonScanner) ws() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\n' || s.b[s.i] == '\r' || s.b[s.i] == '\t') {
		s.i++
	}
}

func (s *sjsonScanner) consume(c byte) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// field reads the pos-th `"key":value` of an object whose schema is obj and appends it as a BSON element.
func (s *sjsonScanner) field(dst []byte, obj *sjsonNode, pos int) ([]byte, error) {
	if !s.consume('"') {
		return nil, s.errorf("a field name")
	}
	key, err := s.stringBody()
	if err != nil {
		return nil, err
	}
	if pos >= len(obj.fields) || obj.fields[pos].name != string(key) {
		return nil, fmt.Errorf("sjson: field %q is not the schema's field %d", key, pos)
	}
	if !s.consume(':') {
		return nil, s.errorf("':'")
	}
	return s.value(dst, key, obj.fields[pos].node)
}

// value reads one value of type node and appends it under key (bytes, so that no string is made for it).
func (s *sjsonScanner) value(dst, key []byte, node *sjsonNode) ([]byte, error) {
	header := func(t bsoncore.Type) []byte {
		dst = append(dst, byte(t))
		dst = append(dst, key...)
		return append(dst, 0x00)
	}
	s.ws()
	switch node.t {
	case bsoncore.TypeString:
		if !s.consume('"') {
			return nil, s.errorf("a string")
		}
		dst = header(node.t) // first: key may sit in the scratch buffer the value is decoded into
		v, err := s.stringBody()
		if err != nil {
			return nil, err
		}
		dst = bsoncore.AppendInt32(dst, int32(len(v)+1))
		return append(append(dst, v...), 0x00), nil
	case bsoncore.TypeInt32, bsoncore.TypeInt64, bsoncore.TypeDateTime:
		v, err := s.integer()
		if err != nil {
			return nil, err
		}
		if node.t == bsoncore.TypeInt32 {
			if int64(int32(v)) != v {
				return nil, s.errorf("a 32-bit integer")
			}
			return bsoncore.AppendInt32(header(node.t), int32(v)), nil
		}
		return bsoncore.AppendInt64(header(node.t), v), nil
	case bsoncore.TypeDouble:
		start := s.i
		for s.i < len(s.b) && bytes.IndexByte([]byte("+-.0123456789eE"), s.b[s.i]) >= 0 {
			s.i++
		}
		f, err := strconv.ParseFloat(string(s.b[start:s.i]), 64)
		if err != nil {
			return nil, s.errorf("a number")
		}
		return bsoncore.AppendDouble(header(node.t), f), nil
	case bsoncore.TypeBoolean:
		switch {
		case bytes.HasPrefix(s.b[s.i:], []byte("true")):
			s.i += 4
			return bsoncore.AppendBoolean(header(node.t), true), nil
		case bytes.HasPrefix(s.b[s.i:], []byte("false")):
			s.i += 5
			return bsoncore.AppendBoolean(header(node.t), false), nil
		}
		return nil, s.errorf("true or false")
	case bsoncore.TypeNull:
		if !bytes.HasPrefix(s.b[s.i:], []byte("null")) {
			return nil, s.errorf("null")
		}
		s.i += 4
		return header(node.t), nil
	case bsoncore.TypeObjectID:
		if !s.consume('"') {
			return nil, s.errorf("an ObjectId")
		}
		dst = header(node.t)
		v, err := s.stringBody()
		var oid [12]byte
		if err != nil || len(v) != 24 {
			return nil, s.errorf("an ObjectId")
		}
		if _, err := hex.Decode(oid[:], v); err != nil {
			return nil, s.errorf("an ObjectId")
		}
		return append(dst, oid[:]...), nil
	case bsoncore.TypeEmbeddedDocument:
		if !s.consume('{') {
			return nil, s.errorf("an object")
		}
		idx, out := bsoncore.ReserveLength(header(node.t))
		var err error
		n := 0
		for ; !s.consume('}'); n++ {
			if n > 0 && !s.consume(',') {
				return nil, s.errorf("',' or '}'")
			}
			if out, err = s.field(out, node, n); err != nil {
				return nil, err
			}
		}
		if n != len(node.fields) {
			return nil, s.errorf("as many fields as the schema's")
		}
		out = append(out, 0x00)
		return bsoncore.UpdateLength(out, idx, int32(len(out[idx:]))), nil
	case bsoncore.TypeArray:
		if !s.consume('[') {
			return nil, s.errorf("an array")
		}
		idx, out := bsoncore.ReserveLength(header(node.t))
		var err error
		var n int
		for ; !s.consume(']'); n++ {
			if n > 0 && !s.consume(',') {
				return nil, s.errorf("',' or ']'")
			}
			if n >= len(node.items) {
				return nil, s.errorf("no more items than the schema's")
			}
			if out, err = s.value(out, strconv.AppendInt(nil, int64(n), 10), node.items[n]); err != nil {
				return nil, err
			}
		}
		if n != len(node.items) {
			return nil, s.errorf("as many items as the schema's")
		}
		out = append(out, 0x00)
		return bsoncore.UpdateLength(out, idx, int32(len(out[idx:]))), nil
	}
	return nil, fmt.Errorf("sjson: unknown type %v", node.t)
}

// integer reads a JSON integer.
func (s *sjsonScanner) integer() (int64, error) {
	start := s.i
	for s.i < len(s.b) && (s.b[s.i] >= '0' && s.b[s.i] <= '9' || s.b[s.i] == '-' && s.i == start) {
		s.i++
	}
	v, err := strconv.ParseInt(string(s.b[start:s.i]), 10, 64)
	if err != nil || s.i < len(s.b) && (s.b[s.i] == '.' || s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		return 0, s.errorf("an integer")
	}
	return v, nil
}

// stringBody reads a JSON string after its opening quote and returns its decoded bytes, valid until the
// next call.
func (s *sjsonScanner) stringBody() ([]byte, error) {
	start := s.i
	for s.i < len(s.b) {
		switch c := s.b[s.i]; {
		case c == '"':
			s.i++
			return s.b[start : s.i-1], nil
		case c == '\\':
			return s.escapedString(start)
		case c < 0x20:
			return nil, s.errorf("no control character in a string")
		}
		s.i++
	}
	return nil, s.errorf("the end of a string")
}

// escapedString goes on reading a string that has escapes, decoding into the scratch buffer.
func (s *sjsonScanner) escapedString(start int) ([]byte, error) {
	out := append(s.str[:0], s.b[start:s.i]...)
	defer func() { s.str = out }()
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			return out, nil
		case c < 0x20:
			return nil, s.errorf("no control character in a string")
		case c != '\\':
			out = append(out, c)
			s.i++
			continue
		}
		if s.i+1 >= len(s.b) {
			break
		}
		esc := s.b[s.i+1]
		s.i += 2
		switch esc {
		case '"', '\\', '/':
			out = append(out, esc)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := s.hex4()
			if !ok {
				return nil, s.errorf("four hex digits")
			}
			if utf16.IsSurrogate(r) {
				r2 := unicode.ReplacementChar
				if bytes.HasPrefix(s.b[s.i:], []byte(`\u`)) {
					s.i += 2
					if r2, ok = s.hex4(); !ok {
						return nil, s.errorf("four hex digits")
					}
				}
				r = utf16.DecodeRune(r, r2)
			}
			out = utf8.AppendRune(out, r)
		default:
			return nil, s.errorf("a valid escape")
		}
	}
	return nil, s.errorf("the end of a string")
}

func (s *sjsonScanner) hex4() (rune, bool) {
	if s.i+4 > len(s.b) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(s.b[s.i:s.i+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	s.i += 4
	return rune(v), true
}
