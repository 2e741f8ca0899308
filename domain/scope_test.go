package domain

import "testing"

func TestScopeOf(t *testing.T) {
	tests := []struct {
		user     *User
		dispute  bool
		petition bool
	}{
		{mediatorA, true, false},
		{petitionH, true, true},
		{petitionA, true, true},
		{leaderC, true, true},
		{adminC, true, true},
		{&User{Role: "guest", RegionCode: city}, false, false},
	}
	for _, tt := range tests {
		s := ScopeOf(tt.user)
		if s.RegionCode != tt.user.RegionCode {
			t.Errorf("%s: region %s", tt.user.Role, s.RegionCode)
		}
		if s.AllowsKind(KindDispute) != tt.dispute || s.AllowsKind(KindPetition) != tt.petition {
			t.Errorf("%s: kinds %v", tt.user.Role, s.Kinds)
		}
	}
}

func TestScopeSees(t *testing.T) {
	tests := []struct {
		name     string
		user     *User
		kind     Kind
		township string
		want     bool
	}{
		{"mediator in own township", mediatorA, KindDispute, townA, true},
		{"mediator in the next township", mediatorA, KindDispute, townB, false},
		{"mediator and a petition of own township", mediatorA, KindPetition, townA, false},
		{"county petition staff, township of the county", petitionH, KindPetition, townB, true},
		{"county petition staff read disputes", petitionH, KindDispute, townA, true},
		{"county petition staff, other county", petitionH, KindPetition, townC, false},
		{"township petition staff, own township", petitionA, KindPetition, townA, true},
		{"township petition staff, the next township", petitionA, KindPetition, townB, false},
		{"township petition staff read their disputes", petitionA, KindDispute, townA, true},
		{"city petition office anywhere", petitionCity, KindPetition, townC, true},
		{"city leader anywhere", leaderC, KindPetition, townC, true},
		{"city admin anywhere", adminC, KindDispute, townC, true},
		{"unknown township", adminC, KindDispute, "610999001", false},
		{"user without region", &User{Role: RoleAdmin}, KindDispute, townA, false},
	}
	for _, tt := range tests {
		if got := ScopeOf(tt.user).Sees(testRegions, tt.kind, tt.township); got != tt.want {
			t.Errorf("%s: Sees = %v, want %v", tt.name, got, tt.want)
		}
	}
}
