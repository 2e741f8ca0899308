package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"pingan/domain"
	"pingan/handlers"
	"pingan/store"
)

func runImport(args []string) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	dryRun := fs.Bool("dry-run", false, "only check the file: report every bad row and cell, import nothing")
	as := fs.String("as", "", "import as this user (default: admin); the user's role and region apply as in the web app")
	preview := fs.Bool("preview", false, "only show what the import would do: sheets, columns, values, skipped rows, duplicates, counts")
	mapping := fs.String("mapping", "", "a JSON file of the column mapping and defaults (the options of the web app's import dialog)")
	township := fs.String("default-township", "", "the township (code) of rows without one")
	source := fs.String("default-source", "", "the 来源 of disputes the ledger does not record: application or proactive")
	closeConcluded := fs.Bool("close-concluded", false, "import concluded history as 已结案 instead of awaiting a visit")
	keepDups := fs.Bool("keep-duplicates", false, "import rows that repeat a stored case or an earlier row")
	skipRefused := fs.Bool("skip-refused", false, "import the good rows of a file with refused rows")
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintln(w, `Usage: pingan import FILE [--dry-run] [--as USERNAME]

Imports a ledger of historical cases (.xlsx with every sheet, or .csv; the template the web app offers
at GET /api/v1/cases/import/template, or an office's own 台账: title rows, merged headers, its own column
names and words are read as the web app reads them) into the configured store. Every row is checked
first; if any row is wrong, each bad row and column is listed and nothing is imported (--skip-refused
imports the good ones). Rows repeating a stored case are skipped. The mapping confirmed at an import is
saved for the office (the user's region), and the next file with the same header maps itself. Run it
with the server stopped: the server loads the cases at its next start.

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
	req := handlers.ImportRequest{DryRun: *dryRun, Preview: *preview}
	if *mapping != "" || *township != "" || *source != "" || *closeConcluded || *keepDups || *skipRefused {
		var o domain.LedgerOptions
		if *mapping != "" {
			b, err := os.ReadFile(*mapping)
			if err == nil {
				err = json.Unmarshal(b, &o)
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, "pingan import: --mapping:", err)
				return 2
			}
		}
		if *township != "" {
			o.DefaultTownship = *township
		}
		if *source != "" {
			o.DefaultSource = *source
		}
		o.CloseConcluded = o.CloseConcluded || *closeConcluded
		o.KeepDuplicates = o.KeepDuplicates || *keepDups
		o.SkipRefused = o.SkipRefused || *skipRefused
		req.Options = &o
	}
	if err := importFile(context.Background(), cfg, file, *as, req, time.Now(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "pingan import:", err)
		var de *domain.Error
		if errors.As(err, &de) {
			for _, f := range de.Fields {
				fmt.Fprintf(os.Stderr, "  %s：%s\n", f.Field, f.Message)
			}
			for _, r := range de.Rows {
				sheet := ""
				if r.Sheet != "" {
					sheet = "工作表「" + r.Sheet + "」"
				}
				fmt.Fprintf(os.Stderr, "  %s第%d行「%s」：%s\n", sheet, r.Row, r.Column, r.Message)
			}
		}
		return 1
	}
	return 0
}

// importFile imports one ledger file into the store cfg names, as the user called as (default admin).
func importFile(ctx context.Context, cfg handlers.Config, file, as string, req handlers.ImportRequest, now time.Time, out io.Writer) error {
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
	if req.Options == nil || !req.Options.KeepDuplicates { // duplicates are looked up in the case index
		if err := off.cases.Load(ctx); err != nil {
			return err
		}
	}
	start := time.Now()
	res, err := handlers.ImportLedger(ctx, handlers.ImportDeps{Cases: off.cases, Regions: off.regions, Mappings: off.st},
		user, filepath.Base(file), data, req, now, "（命令行）")
	if res.Report != nil && (req.Preview || err != nil || req.DryRun) {
		printReport(out, res.Report)
	}
	if err != nil {
		return err
	}
	kind := domain.LabelOf(domain.Kinds, string(res.Kind))
	if req.Preview {
		fmt.Fprintln(out, "（预览，未导入）")
		return nil
	}
	if req.DryRun {
		fmt.Fprintf(out, "检查通过：%s台账 %d 行均可导入（未导入，--dry-run）\n", kind, res.Valid)
		return nil
	}
	if r := res.Report; r != nil && (r.Refused > 0 || len(r.Duplicates) > 0) {
		fmt.Fprintf(out, "未导入：%d 行有错误，%d 行重复。\n", r.Refused, len(r.Duplicates))
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

// printReport writes the preview as the import dialog shows it.
func printReport(w io.Writer, r *domain.LedgerReport) {
	fmt.Fprintln(w, r.Summary)
	for _, s := range r.Sheets {
		if s.Name == "" {
			s.Name = "文件"
		}
		if s.Read {
			fmt.Fprintf(w, "  工作表「%s」：表头在第%d行，%d 行数据，无年份的日期按 %d 年（取自%s）\n", s.Name, s.HeaderRow, s.Rows, s.Year, s.YearFrom)
		} else {
			fmt.Fprintf(w, "  工作表「%s」：未读取，%s\n", s.Name, s.Why)
		}
	}
	if r.MappingSaved {
		fmt.Fprintln(w, "  列对应：沿用本单位上次确认的对应")
	}
	for _, c := range r.Columns {
		switch {
		case c.Target == "":
			fmt.Fprintf(w, "  列 %s「%s」：不导入\n", c.Column, c.Source)
		case c.Target != c.Source:
			fmt.Fprintf(w, "  列 %s「%s」→「%s」%s\n", c.Column, c.Source, c.Target, c.Note)
		}
	}
	for _, v := range r.Values {
		fmt.Fprintf(w, "  「%s」中的「%s」按「%s」（%d 行）\n", v.Column, v.Value, v.Label, v.Count)
	}
	for _, u := range r.Unknown {
		fmt.Fprintf(w, "  无法识别：「%s」中的「%s」（%d 行：%s）\n", u.Column, u.Value, u.Count, strings.Join(u.Rows, "、"))
	}
	for _, d := range r.Defaults {
		fmt.Fprintf(w, "  %s：%s（%d 行）\n", d.Field, d.What, d.Count)
	}
	for _, s := range r.Skipped {
		fmt.Fprintf(w, "  跳过 %s 第%d行：%s\n", s.Sheet, s.Row, s.Why)
	}
	for _, d := range r.Duplicates {
		of := d.CaseID
		if of == "" {
			of = d.Of
		}
		fmt.Fprintf(w, "  重复 %s 第%d行「%s」：与 %s 相同\n", d.Sheet, d.Row, d.Title, of)
	}
	for _, x := range r.Warnings {
		fmt.Fprintf(w, "  注意 %s 第%d行「%s」：%s\n", x.Sheet, x.Row, x.Column, x.Why)
	}
	for _, p := range r.Problems {
		fmt.Fprintf(w, "  「%s」：%s\n", p.Field, p.Message)
	}
	for _, t := range r.ByTownship {
		var parts []string
		for _, c := range t.ByStatus {
			parts = append(parts, fmt.Sprintf("%s %d", c.Label, c.Count))
		}
		fmt.Fprintf(w, "  %s：%d 件（%s）\n", t.Name, t.Total, strings.Join(parts, "，"))
	}
}
