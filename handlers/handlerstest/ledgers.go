package handlerstest

import (
	"bytes"

	"github.com/xuri/excelize/v2"

	"pingan/domain"
	"pingan/internal/ledgerfixture"
)

// RealLedgerBook is the township's workbook of internal/ledgerfixture, as the domain's test reads it.
func RealLedgerBook() []domain.LedgerSheet {
	var book []domain.LedgerSheet
	for _, s := range ledgerfixture.Book() {
		book = append(book, domain.LedgerSheet{Name: s.Name, Rows: s.Rows})
	}
	return book
}

// XLSXBook writes sheets into an .xlsx workbook, every cell as text (as a WPS-saved ledger holds them).
func XLSXBook(sheets []domain.LedgerSheet) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.Name); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(sh.Name); err != nil {
			return nil, err
		}
		for r, row := range sh.Rows {
			cells := make([]any, len(row))
			for j, v := range row {
				cells[j] = v
			}
			ref, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(sh.Name, ref, &cells); err != nil {
				return nil, err
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
