// Command pingan runs the Pingan server and its tools.
//
//	pingan [serve]     run the HTTP server (default)
//	pingan seed        write demo cases into an empty store
//	pingan import FILE import a ledger of historical cases
//	pingan openapi     print the OpenAPI document (--write DIR: the web app's generated files)
//	pingan help        list the commands
package main

import (
	"fmt"
	"os"
	"sort"
)

// command is one subcommand: its one-line description and what it runs.
type command struct {
	summary string
	run     func(args []string) int
}

var commands = map[string]command{
	"serve":   {"运行服务（默认） / run the HTTP server (default)", runServe},
	"health":  {"检查运行中的服务 / check a running server: pingan health [URL]", runHealth},
	"seed":    {"写入演示数据（服务停止时） / write demo cases into an empty store (server stopped)", runSeed},
	"import":  {"导入历史台账（服务停止时） / import a ledger file (.xlsx/.csv) (server stopped)", runImport},
	"openapi": {"输出接口文档 / print the OpenAPI document; --write DIR writes the web app's generated files", runOpenAPI},
}

func main() {
	args := os.Args[1:]
	name := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	if name == "help" {
		usage()
		os.Exit(0)
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "pingan: unknown command %q\n\n", name)
		usage()
		os.Exit(2)
	}
	os.Exit(cmd.run(args))
}

func usage() {
	fmt.Fprintln(os.Stderr, "平安调解 Pingan — dispute mediation case management\n\nUsage: pingan <command> [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(os.Stderr, "\nRun 'pingan <command> --help' for a command's flags and environment.")
}
