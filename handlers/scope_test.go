package handlers

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pingan/domain"
)

// Every route that reaches one case by id — today's and any added later — answers a case outside the
// caller's scope exactly like an unknown id: 404 case_not_found, byte for byte, for every role that has
// an outside, whatever the method or body.
func TestEveryRouteOfOneCaseIsScoped(t *testing.T) {
	f := newAccessFixture(t)
	var routes int
	for _, rt := range f.s.App.echo.Routes() {
		rest, ok := strings.CutPrefix(rt.Path, "/api/v1/cases/:id")
		if !ok {
			continue
		}
		routes++
		for _, name := range roleOrder[1:] {
			r := f.roles[name]
			for _, kind := range []domain.Kind{domain.KindDispute, domain.KindPetition} {
				theirs := f.caseID(kind, r.other)
				unknown := r.other + "-2026-999999"
				path := func(id string) string {
					return "/api/v1/cases/" + id + strings.ReplaceAll(rest, ":", "x-") // any other parameter: a made-up value
				}
				got := f.s.do(rt.Method, path(theirs), r.token, map[string]any{})
				want := f.s.do(rt.Method, path(unknown), r.token, map[string]any{})
				if got.Status != 404 || got.reason() != "case_not_found" || !bytes.Equal(got.Raw, want.Raw) {
					t.Errorf("%s %s as %s on another region's %s: %d %s; on an unknown id: %d %s",
						rt.Method, rt.Path, name, kind, got.Status, got.Raw, want.Status, want.Raw)
				}
			}
		}
	}
	if routes < 2 {
		t.Fatalf("found %d routes of one case; the test looks for paths under /api/v1/cases/:id", routes)
	}
}

// Handlers read a case only through the write path's scoped read (casework.Service.Case): none calls the
// store's unscoped GetCase, so a new handler cannot forget the scope check.
func TestHandlersReadCasesOnlyThroughTheScopedRead(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		file, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if ok && (sel.Sel.Name == "GetCase" || sel.Sel.Name == "UpdateCase" || sel.Sel.Name == "InsertCase" || sel.Sel.Name == "InsertCasesBulk") {
				t.Errorf("%s: %s calls %s on the store; go through a.cases (domain/casework) instead",
					name, fset.Position(sel.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
}
