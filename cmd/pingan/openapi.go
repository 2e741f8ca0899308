package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"pingan/handlers"
)

// runOpenAPI prints the OpenAPI document, or writes the web app's generated files (the document, its
// TypeScript types and the enumerations module) into a directory. It needs no store and no server.
func runOpenAPI(args []string) int {
	fs := flag.NewFlagSet("openapi", flag.ContinueOnError)
	write := fs.String("write", "", "write openapi.json, schema.ts and enums.ts into this directory (make generate: frontend/src/api/generated)")
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, "Usage: pingan openapi [--write DIR]\n\nPrints the OpenAPI 3.1 document of the HTTP API; with --write, writes the web app's generated files.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *write == "" {
		doc, err := handlers.OpenAPI()
		if err != nil {
			fmt.Fprintln(os.Stderr, "pingan openapi:", err)
			return 1
		}
		os.Stdout.Write(append(doc, '\n'))
		return 0
	}
	files, err := handlers.ClientFiles()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pingan openapi:", err)
		return 1
	}
	if err := os.MkdirAll(*write, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "pingan openapi:", err)
		return 1
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(*write, f.Name), f.Data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "pingan openapi:", err)
			return 1
		}
	}
	return 0
}
