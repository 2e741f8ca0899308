package domain

// Scope is what one user may see: cases of these kinds whose township lies inside RegionCode.
// It is the single place that decides visibility; lists, reads and writes all go through it.
type Scope struct {
	RegionCode string
	Kinds      []Kind
}

// ScopeOf returns the user's scope. Mediators see disputes only; petition staff see both kinds (they read
// disputes for 访调对接); leaders and admins see both.
func ScopeOf(u *User) Scope {
	s := Scope{RegionCode: u.RegionCode}
	switch u.Role {
	case RoleMediator:
		s.Kinds = []Kind{KindDispute}
	case RolePetition, RoleLeader, RoleAdmin:
		s.Kinds = []Kind{KindDispute, KindPetition}
	}
	return s
}

// AllowsKind reports whether the scope covers cases of kind k.
func (s Scope) AllowsKind(k Kind) bool {
	for _, sk := range s.Kinds {
		if sk == k {
			return true
		}
	}
	return false
}

// Sees reports whether a case of this kind held in this region (Case.HeldIn: its township, or the region of
// the committee holding a moved dispute) lies inside the scope.
func (s Scope) Sees(regions *RegionTree, kind Kind, heldIn string) bool {
	return s.AllowsKind(kind) && s.RegionCode != "" && regions.Contains(s.RegionCode, heldIn)
}

// handlingRole is the role that works cases of each kind (admins may do whatever it may).
var handlingRole = map[Kind]Role{KindDispute: RoleMediator, KindPetition: RolePetition}

// CanRegister reports whether the role may register cases of this kind: mediators disputes, petition
// staff petitions, admins both, leaders none.
func CanRegister(role Role, kind Kind) bool {
	if _, ok := handlingRole[kind]; !ok {
		return false
	}
	return role == RoleAdmin || handlingRole[kind] == role
}

// CanAct reports whether the role may perform the action on cases of the kind: the handling role
// (mediator for disputes, petition for petitions) and admin do everything but 督办, which is for leaders
// and admins. Which petition staff may act on a given case (the assigning office or the unit it was
// assigned to) is the transition's side (Transition.By).
func CanAct(role Role, kind Kind, action string) bool {
	t, ok := transitionFor(kind, action)
	if !ok {
		return false
	}
	if t.By == Supervisor {
		return role == RoleLeader || role == RoleAdmin
	}
	return role == RoleAdmin || role == handlingRole[kind]
}
