package domain

import (
	"fmt"
	"strconv"
	"strings"
)

// Yuan is an amount of money shown in yuan with at most two decimals and kept exactly in fen (no floating
// point: sums of many amounts stay exact, and the store keeps a plain integer).
type Yuan int64

// MaxYuan bounds amounts: ten billion yuan is more than any dispute settles.
const MaxYuan = Yuan(10_000_000_000 * 100)

// MarshalJSON writes the amount as a JSON number in yuan: 1234.5 for 123450 fen.
func (y Yuan) MarshalJSON() ([]byte, error) { return []byte(y.String()), nil }

// String is the amount in yuan without trailing zeros.
func (y Yuan) String() string {
	sign := ""
	if y < 0 {
		sign, y = "-", -y
	}
	s := fmt.Sprintf("%s%d.%02d", sign, y/100, y%100)
	return strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "0"), "0"), ".")
}

// UnmarshalJSON reads a JSON number (or numeric string) in yuan with at most two decimals, 0 ≤ y ≤ MaxYuan.
func (y *Yuan) UnmarshalJSON(b []byte) error {
	s := strings.Trim(strings.TrimSpace(string(b)), `"`)
	v, err := ParseYuan(s)
	if err != nil {
		return err
	}
	*y = v
	return nil
}

// ParseYuan reads an amount in yuan: digits with at most two decimals, not negative, at most MaxYuan.
func ParseYuan(s string) (Yuan, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	whole, frac, hasFrac := strings.Cut(s, ".")
	bad := fmt.Errorf("金额应为不超过两位小数的非负数（元），如 1200 或 1200.50")
	if whole == "" || len(frac) > 2 || hasFrac && frac == "" {
		return 0, bad
	}
	for _, part := range []string{whole, frac} {
		for _, r := range part {
			if r < '0' || r > '9' {
				return 0, bad
			}
		}
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > int64(MaxYuan/100) {
		return 0, fmt.Errorf("金额不能超过%d元", MaxYuan/100)
	}
	frac += strings.Repeat("0", 2-len(frac))
	f, _ := strconv.ParseInt(frac, 10, 64)
	v := Yuan(w*100 + f)
	if v > MaxYuan {
		return 0, fmt.Errorf("金额不能超过%d元", MaxYuan/100)
	}
	return v, nil
}
