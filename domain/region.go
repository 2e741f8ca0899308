package domain

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
)

// RegionTree is the division tree held in memory. Every question about it is a map lookup.
type RegionTree struct {
	byCode   map[string]*Region
	children map[string][]*Region
	// ancestors[code] holds the codes of the region itself and every region above it.
	ancestors map[string][]string
	townships []*Region // ordered by code
}

// NewRegionTree builds the tree; every parent must be present and levels must nest city > county > township.
func NewRegionTree(regions []Region) (*RegionTree, error) {
	t := &RegionTree{
		byCode:    make(map[string]*Region, len(regions)),
		children:  make(map[string][]*Region),
		ancestors: make(map[string][]string, len(regions)),
	}
	for i := range regions {
		r := regions[i]
		if _, dup := t.byCode[r.Code]; dup {
			return nil, fmt.Errorf("region %s listed twice", r.Code)
		}
		t.byCode[r.Code] = &r
	}
	parentLevel := map[RegionLevel]RegionLevel{LevelCounty: LevelCity, LevelTownship: LevelCounty}
	for _, r := range t.byCode {
		switch r.Level {
		case LevelCity:
			if r.ParentCode != "" {
				return nil, fmt.Errorf("city %s has a parent", r.Code)
			}
		case LevelCounty, LevelTownship:
			p, ok := t.byCode[r.ParentCode]
			if !ok || p.Level != parentLevel[r.Level] {
				return nil, fmt.Errorf("region %s: parent %q is not a %s", r.Code, r.ParentCode, parentLevel[r.Level])
			}
			t.children[p.Code] = append(t.children[p.Code], r)
		default:
			return nil, fmt.Errorf("region %s: unknown level %q", r.Code, r.Level)
		}
	}
	for code := range t.byCode {
		for c := code; c != ""; c = t.byCode[c].ParentCode {
			t.ancestors[code] = append(t.ancestors[code], c)
		}
	}
	for code, kids := range t.children {
		sort.Slice(kids, func(i, j int) bool { return kids[i].Code < kids[j].Code })
		t.children[code] = kids
	}
	for _, r := range t.byCode {
		if r.Level == LevelTownship {
			t.townships = append(t.townships, r)
		}
	}
	sort.Slice(t.townships, func(i, j int) bool { return t.townships[i].Code < t.townships[j].Code })
	return t, nil
}

// ParseRegionsCSV reads the official division list (code,name,level,parentCode with a header row).
func ParseRegionsCSV(r io.Reader) ([]Region, error) {
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read regions csv: %w", err)
	}
	if len(rows) == 0 || len(rows[0]) != 4 || rows[0][0] != "code" {
		return nil, fmt.Errorf("regions csv: want header code,name,level,parentCode")
	}
	out := make([]Region, 0, len(rows)-1)
	for _, row := range rows[1:] {
		out = append(out, Region{Code: row[0], Name: row[1], Level: RegionLevel(row[2]), ParentCode: row[3]})
	}
	return out, nil
}

// Get returns the region with this code.
func (t *RegionTree) Get(code string) (*Region, bool) {
	r, ok := t.byCode[code]
	return r, ok
}

// Contains reports whether code lies inside region (the region itself or below it).
func (t *RegionTree) Contains(region, code string) bool {
	for _, a := range t.ancestors[code] {
		if a == region {
			return true
		}
	}
	return false
}

// CountyOf returns the county code of a township or county ("" for the city or an unknown code).
func (t *RegionTree) CountyOf(code string) string {
	for _, a := range t.ancestors[code] {
		if t.byCode[a].Level == LevelCounty {
			return a
		}
	}
	return ""
}

// Children lists the regions directly below code, ordered by code.
func (t *RegionTree) Children(code string) []*Region { return t.children[code] }

// Townships lists every township inside region, ordered by code.
func (t *RegionTree) Townships(region string) []*Region {
	var out []*Region
	for _, tw := range t.townships {
		if t.Contains(region, tw.Code) {
			out = append(out, tw)
		}
	}
	return out
}

// All lists every region: city first, then by code.
func (t *RegionTree) All() []*Region {
	out := make([]*Region, 0, len(t.byCode))
	for _, r := range t.byCode {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// Root returns the top (city) region.
func (t *RegionTree) Root() *Region {
	for _, r := range t.byCode {
		if r.Level == LevelCity {
			return r
		}
	}
	return nil
}
