package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"pingan/domain"
	"pingan/handlers"
	"pingan/store"
)

func runImport(args []string) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	dryRun := fs.Bool("dry-run", false, "only check the file: report every bad row and cell, import nothing")
	as := fs.String("as", "", "import as this user (default: admin); the user's role and region apply as in the web app")
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintln(w, `Usage: pingan import FILE [--dry-run] [--as USERNAME]

Imports a ledger of historical cases (.xlsx or .csv, the layout of the template the web app offers at
GET /api/v1/cases/import/template) into the configured store. Every row is checked first; if any row is
wrong, each bad row and column is listed and nothing is imported. Run it with the server stopped: the
server loads the cases at its next start.

Flags:`)
		fs.PrintDefaults()
		printSettings(w)
	}
	// Flags may follow the file name.
	var file string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return 0
			}
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		if file != "" {
			fmt.Fprintln(os.Stderr, "pingan import: give one file")
			return 2
		}
		file, args = fs.Arg(0), fs.Args()[1:]
	}
	if file == "" {
		fs.Usage()
		return 2
	}
	cfg, err := loadConfig()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pingan import:", err)
		return 2
	}
	if err := importFile(context.Background(), cfg, file, *as, *dryRun, time.Now(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "pingan import:", err)
		var de *domain.Error
		if errors.As(err, &de) {
			for _, f := range de.Fields {
				fmt.Fprintf(os.Stderr, "  %s：%s\n", f.Field, f.Message)
			}
			for _, r := range de.Rows {
				fmt.Fprintf(os.Stderr, "  第%d行「%s」：%s\n", r.Row, r.Column, r.Message)
			}
		}
		return 1
	}
	return 0
}

// importFile imports one ledger file into the store cfg names, as the user called as (default admin).
func importFile(ctx context.Context, cfg handlers.Config, file, as string, dryRun bool, now time.Time, out io.Writer) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	off, err := openOffline(ctx, cfg)
	if err != nil {
		return err
	}
	defer off.st.Close(context.Background())
	user, err := importUser(ctx, off.st, off.regions, as)
	if err != nil {
		return err
	}
	start := time.Now()
	res, err := handlers.ImportLedger(ctx, off.cases, off.regions, user, filepath.Base(file), data, dryRun, now, "（命令行）")
	if err != nil {
		return err
	}
	kind := domain.LabelOf(domain.Kinds, string(res.Kind))
	if dryRun {
		fmt.Fprintf(out, "检查通过：%s台账 %d 行均可导入（未导入，--dry-run）\n", kind, res.Valid)
		return nil
	}
	took := time.Since(start)
	fmt.Fprintf(out, "已导入%s %d 件，用时 %s（每秒 %.0f 件）", kind, res.Imported, took.Round(10*time.Millisecond),
		float64(res.Imported)/max(took.Seconds(), 0.001))
	if len(res.Cases) > 0 {
		fmt.Fprintf(out, "，案件编号 %s 起", res.Cases[0])
	}
	fmt.Fprintln(out, "。服务下次启动时载入这些案件。")
	return nil
}

// importUser is the user an import acts as: the one named, which must exist and be active, or admin; on
// a store that has never been served (no admin yet) a city-wide administrator stands in.
func importUser(ctx context.Context, st *store.Store, regions *domain.RegionTree, as string) (*domain.User, error) {
	name := as
	if name == "" {
		name = "admin"
	}
	u, err := st.GetUser(ctx, domain.UserID(name))
	switch {
	case err == nil && !u.Active:
		return nil, fmt.Errorf("user %s is deactivated", name)
	case err == nil:
		return u, nil
	case as == "" && errors.Is(err, domain.ErrUserNotFound):
		return &domain.User{ID: "admin", Name: "系统管理员", Role: domain.RoleAdmin, RegionCode: regions.Root().Code, Active: true}, nil
	case errors.Is(err, domain.ErrUserNotFound):
		return nil, fmt.Errorf("no user %s", name)
	}
	return nil, err
}
