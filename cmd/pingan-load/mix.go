package main

import (
	"fmt"
	"math/rand"
	"slices"
	"strconv"
	"strings"
)

// Operations a virtual user chooses from, each a step a real user takes in the app.
const (
	opIntake    = "intake"    // a mediator registers a dispute
	opAction    = "action"    // a mediator takes one of their disputes one step through its lifecycle
	opDashboard = "dashboard" // a leader opens the reports page: resolution report, trend and categories
	opList      = "list"      // someone opens the case list with filters
	opSearch    = "search"    // someone searches by a Chinese keyword
	opDetail    = "detail"    // someone opens a case
)

var operations = []string{opIntake, opAction, opDashboard, opList, opSearch, opDetail}

const defaultMix = "intake=10,action=20,dashboard=10,list=25,search=15,detail=20"

// mix is the relative weight of each operation.
type mix struct {
	ops     []string
	weights []int
	total   int
}

// parseMix reads "op=weight,..." (weights ≥ 0, at least one positive; unnamed operations weigh 0).
func parseMix(s string) (*mix, error) {
	m := &mix{}
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, val, ok := strings.Cut(part, "=")
		name = strings.TrimSpace(name)
		if !ok || !slices.Contains(operations, name) {
			return nil, fmt.Errorf("--mix %q: want name=weight with names from %s", part, strings.Join(operations, ", "))
		}
		if slices.Contains(m.ops, name) {
			return nil, fmt.Errorf("--mix: %s given twice", name)
		}
		w, err := strconv.Atoi(strings.TrimSpace(val))
		if err != nil || w < 0 {
			return nil, fmt.Errorf("--mix %q: the weight must be a whole number ≥ 0", part)
		}
		m.ops = append(m.ops, name)
		m.weights = append(m.weights, w)
		m.total += w
	}
	if m.total == 0 {
		return nil, fmt.Errorf("--mix %q: no operation has a positive weight", s)
	}
	return m, nil
}

// pick draws an operation by weight.
func (m *mix) pick(r *rand.Rand) string {
	n := r.Intn(m.total)
	for i, w := range m.weights {
		if n < w {
			return m.ops[i]
		}
		n -= w
	}
	return m.ops[len(m.ops)-1]
}

func (m *mix) String() string {
	parts := make([]string, len(m.ops))
	for i, op := range m.ops {
		parts[i] = fmt.Sprintf("%s=%d", op, m.weights[i])
	}
	return strings.Join(parts, ",")
}
