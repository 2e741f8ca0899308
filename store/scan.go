package store

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"

	"pingan/domain"
)

// A full scan through FerretDB costs about 1 ms of CPU per case document (its SJSON decoding, BSON
// conversion and resource tracking, on one core), which made loading the case index of 40,000 cases take
// about 40 s. On the embedded store the scan at start reads the SQLite table directly instead and converts
// each stored SJSON document to BSON itself, on every core: the documents decode exactly as through the
// driver (TestDirectScanMatchesDriver), at a small fraction of the cost.

// scanBatch is how many documents the direct scan decodes in parallel before handing them on, in order.
const scanBatch = 512

// eachCaseDirect streams every case document of the embedded store's SQLite table to fn, in table order.
func (s *Store) eachCaseDirect(ctx context.Context, fn func(c *domain.Case) error) error {
	conn, err := openSQLite(s.emb.sqlitePath(s.dbName))
	if err != nil {
		return err
	}
	defer conn.Close()
	var table string
	if err := conn.QueryRowContext(ctx, `SELECT table_name FROM _ferretdb_collections WHERE name = ?`, colCases).Scan(&table); err != nil {
		return fmt.Errorf("table of %s: %w", colCases, err)
	}
	rows, err := conn.QueryContext(ctx, fmt.Sprintf(`SELECT _ferretdb_sjson FROM %q`, table))
	if err != nil {
		return fmt.Errorf("scan cases: %w", err)
	}
	defer rows.Close()

	workers := runtime.GOMAXPROCS(0)
	raws := make([][]byte, 0, scanBatch)
	cases := make([]domain.Case, scanBatch)
	errs := make([]error, scanBatch)
	flush := func() error {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for i := w; i < len(raws); i += workers {
					cases[i] = domain.Case{}
					errs[i] = decodeSJSON(raws[i], &cases[i])
				}
			})
		}
		wg.Wait()
		for i := range raws {
			if errs[i] != nil {
				return fmt.Errorf("decode case: %w", errs[i])
			}
			if err := fn(&cases[i]); err != nil {
				return err
			}
		}
		raws = raws[:0]
		return nil
	}
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return fmt.Errorf("scan cases: %w", err)
		}
		raws = append(raws, raw)
		if len(raws) == scanBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("scan cases: %w", err)
	}
	return flush()
}

// decodeSJSON decodes one document as FerretDB's SQLite backend stores it into v, through BSON, so v
// decodes exactly as it would from the driver.
func decodeSJSON(raw []byte, v any) error {
	doc, err := sjsonToBSON(nil, raw)
	if err != nil {
		return err
	}
	return bson.Unmarshal(doc, v)
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
	return appendSJSONDocument(dst, schema, doc)
}

func appendSJSONDocument(dst []byte, schema, values map[string]any) ([]byte, error) {
	props, _ := schema["p"].(map[string]any)
	keys, _ := schema["$k"].([]any)
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
