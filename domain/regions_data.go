package domain

import (
	"bytes"
	_ "embed"
)

//go:embed data/ankang-regions.csv
var ankangRegionsCSV []byte

// AnkangRegions returns the 150 official divisions of Ankang shipped with the binary.
func AnkangRegions() []Region {
	regions, err := ParseRegionsCSV(bytes.NewReader(ankangRegionsCSV))
	if err != nil {
		panic(err) // the embedded file is part of the build
	}
	return regions
}
