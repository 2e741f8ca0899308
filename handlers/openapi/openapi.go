package openapi

import (
	_ "embed"
	"fmt"
	"reflect"
	"strings"

	"pingan/domain"
)

// The OpenAPI 3.1 document of the HTTP API (served at /api/openapi.json, read at /api/docs).
//
// base.yaml holds what only a person can write: prose, paths, parameters, response wrappers and
// per-field notes. Everything the code already knows is generated here, so it cannot drift:
//   - one schema per enumeration of domain.Enums(), with the Chinese labels;
//   - the action table of POST /cases/{id}/actions from domain.Transitions;
//   - request bodies from the Go input types and their `validate` tags (required, lengths, enums);
//   - response bodies from the Go types the handlers render;
//   - examples recorded from real answers (examples.json, rewritten by
//     `go test ./handlers -run TestOpenAPIExamples -update-openapi`).
//
// A schema named in base.yaml that is also generated is an overlay: its keys are laid over the generated
// schema (a property with a `$ref` replaces the generated one; `required` lists are joined); naming a
// property the Go type does not have is an error, so a renamed field fails the tests.

var (
	//go:embed base.yaml
	baseYAML []byte
	// Examples are the recorded answers, by name (components/examples).
	//go:embed examples.json
	Examples []byte
	// DocsPage is the reader of the document served at /api/docs.
	//go:embed docs.html
	DocsPage []byte
)

// SchemaType names a Go type rendered into a request or response body. Types it reaches get their Go name.
type SchemaType struct {
	Name    string
	Type    reflect.Type
	Request bool
}

// Document builds the document and encodes it as indented JSON.
func Document(types []SchemaType, edits ...func(doc *Object) error) ([]byte, error) {
	doc, err := Build(types, edits...)
	if err != nil {
		return nil, err
	}
	return MarshalJSON(doc, true)
}

// Build lays the generated parts over the hand-written base: the enumerations, the Go types of types,
// the action table, the examples; then edits, in order, may complete what only the caller knows.
func Build(types []SchemaType, edits ...func(doc *Object) error) (*Object, error) {
	base, err := ParseOrdered(baseYAML)
	if err != nil {
		return nil, fmt.Errorf("openapi/base.yaml: %w", err)
	}
	doc, ok := base.(*Object)
	if !ok {
		return nil, fmt.Errorf("openapi/base.yaml: not a mapping")
	}
	components := doc.Obj("components")
	overlays := components.Obj("schemas")

	g := &schemaGen{schemas: &Object{}, overlays: overlays, named: types, types: map[string]reflect.Type{}}
	g.enums()
	g.enumsResponse()
	g.errorCodes()
	for _, st := range types {
		g.component(st.Name, st.Type, st.Request)
	}
	g.actionTable()
	if g.err != nil {
		return nil, g.err
	}

	schemas := &Object{}
	for _, name := range overlays.keys {
		if gen, ok := g.schemas.Get(name).(*Object); ok {
			merged, err := overlay(gen, overlays.Obj(name), name)
			if err != nil {
				return nil, err
			}
			schemas.Set(name, merged)
		} else {
			schemas.Set(name, overlays.Get(name))
		}
	}
	for _, name := range g.schemas.keys {
		if !schemas.Has(name) {
			schemas.Set(name, g.schemas.Get(name))
		}
	}
	components.Set("schemas", schemas)

	examples, err := ParseOrdered(Examples)
	if err != nil {
		return nil, fmt.Errorf("openapi/examples.json: %w", err)
	}
	if ex, ok := examples.(*Object); ok {
		components.Set("examples", ex)
	}
	if err := describeRoles(doc); err != nil {
		return nil, err
	}
	if err := describeLedger(doc); err != nil {
		return nil, err
	}
	for _, edit := range edits {
		if err := edit(doc); err != nil {
			return nil, err
		}
	}
	return doc, nil
}

// describeRoles appends the roles of `x-roles` to each operation's description, with their labels.
func describeRoles(doc *Object) error {
	paths := doc.Obj("paths")
	for _, p := range paths.keys {
		item := paths.Obj(p)
		for _, m := range item.keys {
			op, ok := item.Get(m).(*Object)
			if !ok {
				continue
			}
			roles, ok := op.Get("x-roles").([]any)
			if !ok {
				continue
			}
			names := make([]string, len(roles))
			for i, r := range roles {
				code, _ := r.(string)
				if !domain.IsValid(domain.Roles, code) {
					return fmt.Errorf("%s %s: x-roles names unknown role %q", m, p, code)
				}
				names[i] = fmt.Sprintf("%s（`%s`）", domain.LabelOf(domain.Roles, code), code)
			}
			desc, _ := op.Get("description").(string)
			op.Set("description", strings.TrimSpace(desc+"\n\n**可调用角色**："+strings.Join(names, "、")))
		}
	}
	return nil
}

// describeLedger appends the columns of both ledgers (domain.LedgerColumns) to the import's description.
func describeLedger(doc *Object) error {
	op, ok := doc.Obj("paths").Obj("/api/v1/cases/import").Get("post").(*Object)
	if !ok {
		return fmt.Errorf("paths: POST /api/v1/cases/import is missing")
	}
	var b strings.Builder
	desc, _ := op.Get("description").(string)
	b.WriteString(strings.TrimSpace(desc))
	for _, kind := range []domain.Kind{domain.KindDispute, domain.KindPetition} {
		fmt.Fprintf(&b, "\n\n**%s台账的列**\n\n| 列 | 必填 | 说明 | 示例 |\n|---|---|---|---|\n", domain.LabelOf(domain.Kinds, string(kind)))
		for _, col := range domain.LedgerColumns(kind, nil, "") {
			required := ""
			if col.Required {
				required = "是"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", col.Header, required, strings.ReplaceAll(col.Help, "|", "\\|"), col.Example)
		}
	}
	op.Set("description", b.String())
	return nil
}
