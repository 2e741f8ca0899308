package domain

import (
	"errors"
	"strings"
	"time"
	"unicode"
)

// MinPasswordLength is the shortest password accepted (API.md: at least 8 characters).
const MinPasswordLength = 8

// TokenTTL is how long a login lasts.
const TokenTTL = 8 * time.Hour

// CheckTokenLifetime refuses a token that does not say when it was issued and when it expires, or whose
// lifetime is longer than TokenTTL: a validly signed token claiming a century does not outlive the rule
// (a leaked secret's forgeries, a token issued by a misconfigured instance).
func CheckTokenLifetime(iat, exp *time.Time) error {
	if iat == nil || exp == nil || exp.Sub(*iat) > TokenTTL {
		return ErrTokenInvalid
	}
	return nil
}

// NewUserInput is the body of POST /api/v1/users.
type NewUserInput struct {
	Username   string `json:"username" validate:"required,min=2,max=32" label:"用户名"`
	Password   string `json:"password" validate:"required" label:"密码" text:"raw"`
	Name       string `json:"name" validate:"required,max=50" label:"姓名"`
	Role       string `json:"role" validate:"required,enum=role" label:"角色"`
	RegionCode string `json:"regionCode" validate:"required" label:"所属区域"`
	// MustChangePassword: the user is asked to change the password at the first login (default true: a
	// password someone else chose is a temporary one).
	MustChangePassword *bool `json:"mustChangePassword" label:"首次登录须修改密码"`
}

// UserPatch is the body of PATCH /api/v1/users/{id}: only the fields sent change.
type UserPatch struct {
	Name       *string `json:"name" validate:"omitempty,min=1,max=50" label:"姓名"`
	Role       *string `json:"role" validate:"omitempty,enum=role" label:"角色"`
	RegionCode *string `json:"regionCode" label:"所属区域"`
	Active     *bool   `json:"active" label:"启用状态"`
	Password   *string `json:"password" label:"密码" text:"raw"`
	// MustChangePassword: a password reset by an admin must be changed at the next login unless this says
	// false; sent alone it asks for (or waives) a change at the next login; a user changing its own
	// password clears it.
	MustChangePassword *bool `json:"mustChangePassword" label:"下次登录须修改密码"`
}

// normalized returns the patch with its text normalised (NormalizeText), its password as sent; the
// caller's strings are left alone.
func (p UserPatch) normalized() UserPatch {
	norm := func(s *string) *string {
		if s == nil {
			return nil
		}
		v := NormalizeText(*s)
		return &v
	}
	p.Name, p.Role, p.RegionCode = norm(p.Name), norm(p.Role), norm(p.RegionCode)
	return p
}

// PasswordProblem returns why a password is not acceptable, or "" when it is: 8 to 72 bytes' worth of
// characters (bcrypt reads no further), and not the username.
func PasswordProblem(password, username string) string {
	if len([]rune(password)) < MinPasswordLength {
		return "密码长度不能少于8个字符"
	}
	if len(password) > 72 {
		return "密码长度不能超过72个字节"
	}
	if strings.EqualFold(password, username) {
		return "密码不能与用户名相同"
	}
	return ""
}

// validationFields returns the field errors of a validation error (nil for nil); other errors pass through.
func validationFields(err error) ([]FieldError, error) {
	if err == nil {
		return nil, nil
	}
	var e *Error
	if errors.As(err, &e) && e.Fields != nil {
		return e.Fields, nil
	}
	return nil, err
}

func hasField(fields []FieldError, name string) bool {
	for _, f := range fields {
		if f.Field == name {
			return true
		}
	}
	return false
}

// UserID is the stored id of a username: login is a point lookup and uniqueness is free.
func UserID(username string) string { return strings.ToLower(NormalizeText(username)) }

// NewUser checks the input and returns the user to store, hashing the password with hash.
func NewUser(in NewUserInput, regions *RegionTree, hash func(string) (string, error), now time.Time) (*User, error) {
	TrimStrings(&in)
	fields, err := validationFields(Validate(in))
	if err != nil {
		return nil, err
	}
	for _, r := range in.Username {
		if !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' || r == '-')) {
			fields = append(fields, FieldError{Field: "username", Message: "用户名只能包含字母、数字、下划线、点和连字符"})
			break
		}
	}
	if _, ok := regions.Get(in.RegionCode); !ok && !hasField(fields, "regionCode") {
		fields = append(fields, FieldError{Field: "regionCode", Message: "所属区域不存在"})
	}
	if p := PasswordProblem(in.Password, in.Username); p != "" && !hasField(fields, "password") {
		fields = append(fields, FieldError{Field: "password", Message: p})
	}
	if len(fields) > 0 {
		return nil, Invalid(fields...)
	}
	h, err := hash(in.Password)
	if err != nil {
		return nil, err
	}
	return &User{
		ID: UserID(in.Username), Username: in.Username, Name: in.Name, Role: Role(in.Role),
		RegionCode: in.RegionCode, Active: true, PasswordHash: h,
		CreatedAt: now, UpdatedAt: now, PasswordChangedAt: now,
		MustChangePassword: in.MustChangePassword == nil || *in.MustChangePassword,
	}, nil
}

// ApplyTo changes u as the patch says, after checking every field.
func (p UserPatch) ApplyTo(u *User, regions *RegionTree, hash func(string) (string, error), now time.Time) error {
	p = p.normalized()
	fields, err := validationFields(Validate(p))
	if err != nil {
		return err
	}
	if p.RegionCode != nil {
		if _, ok := regions.Get(*p.RegionCode); !ok {
			fields = append(fields, FieldError{Field: "regionCode", Message: "所属区域不存在"})
		}
	}
	if p.Password != nil {
		if msg := PasswordProblem(*p.Password, u.Username); msg != "" {
			fields = append(fields, FieldError{Field: "password", Message: msg})
		}
	}
	if len(fields) > 0 {
		return Invalid(fields...)
	}
	if p.Name != nil {
		u.Name = *p.Name
	}
	if p.Role != nil {
		u.Role = Role(*p.Role)
	}
	if p.RegionCode != nil {
		u.RegionCode = *p.RegionCode
	}
	if p.Active != nil {
		if u.Active && !*p.Active {
			u.SessionsEndedAt = now // deactivation ends every session for good, a reactivation included
		}
		u.Active = *p.Active
	}
	if p.Password != nil {
		h, err := hash(*p.Password)
		if err != nil {
			return err
		}
		u.PasswordHash = h
		u.PasswordChangedAt = now
		u.MustChangePassword = p.MustChangePassword == nil || *p.MustChangePassword
	} else if p.MustChangePassword != nil { // an admin asks for (or waives) a change at the next login
		u.MustChangePassword = *p.MustChangePassword
	}
	u.UpdatedAt = now
	return nil
}

// Who manages which user. User management is scoped like cases: an admin sees the users whose region lies
// inside its own (itself included), gives only regions inside its own, and manages no admin at or above
// its level — another admin only when that admin's region lies strictly inside its own. Its own role and
// region are changed by an admin above it, never by itself, so no admin can widen its own reach.

// SeesUser reports whether the admin sees user u (lists, reads): u's region lies inside the admin's.
func SeesUser(regions *RegionTree, admin, u *User) bool {
	return regions.Contains(admin.RegionCode, u.RegionCode)
}

// strictlyInside reports whether code lies inside region and is not region itself.
func strictlyInside(regions *RegionTree, region, code string) bool {
	return code != region && regions.Contains(region, code)
}

// CanCreateUser decides whether the admin may create a user with this role in this region (both already
// valid): ErrOutOfRegion for a region outside the admin's, ErrAdminNotBelow for an admin not below it.
func CanCreateUser(regions *RegionTree, admin *User, role Role, region string) error {
	if !regions.Contains(admin.RegionCode, region) {
		return ErrOutOfRegion
	}
	if role == RoleAdmin && !strictlyInside(regions, admin.RegionCode, region) {
		return ErrAdminNotBelow
	}
	return nil
}

// CanManageUser decides whether the admin may change user u (a patch, a password reset, an unlock):
// ErrUserNotFound for a user it does not see (answered like an unknown id), ErrAdminNotBelow for another
// admin not strictly below it.
func CanManageUser(regions *RegionTree, admin, u *User) error {
	if !SeesUser(regions, admin, u) {
		return ErrUserNotFound
	}
	if u.ID != admin.ID && u.Role == RoleAdmin && !strictlyInside(regions, admin.RegionCode, u.RegionCode) {
		return ErrAdminNotBelow
	}
	return nil
}

// CanPatchUser decides whether the admin may apply p to u: it must manage u (CanManageUser) and be allowed
// what u becomes (CanCreateUser's rule on the new role and region); on its own account it may not change
// its role or region or deactivate itself. Malformed values are left to ApplyTo.
func CanPatchUser(regions *RegionTree, admin, u *User, p UserPatch) error {
	if err := CanManageUser(regions, admin, u); err != nil {
		return err
	}
	p = p.normalized()
	role, region := u.Role, u.RegionCode
	if p.Role != nil && IsValid(Roles, *p.Role) {
		role = Role(*p.Role)
	}
	if p.RegionCode != nil {
		if _, ok := regions.Get(*p.RegionCode); ok {
			region = *p.RegionCode
		}
	}
	if !regions.Contains(admin.RegionCode, region) {
		return ErrOutOfRegion
	}
	if u.ID == admin.ID {
		var fields []FieldError
		if role != u.Role {
			fields = append(fields, FieldError{Field: "role", Message: "不能修改自己的角色"})
		}
		if region != u.RegionCode {
			fields = append(fields, FieldError{Field: "regionCode", Message: "不能修改自己的所属区域"})
		}
		if p.Active != nil && !*p.Active {
			fields = append(fields, FieldError{Field: "active", Message: "不能停用自己"})
		}
		if len(fields) > 0 {
			return Invalid(fields...)
		}
		return nil
	}
	if role == RoleAdmin && !strictlyInside(regions, admin.RegionCode, region) {
		return ErrAdminNotBelow
	}
	return nil
}

// SeesAuditEntry reports whether the admin sees an audit entry recorded in these regions (the actor's and
// the target user's): one of them lies inside the admin's region. An entry without a region (a failed
// login of an unknown username) is seen by the admins of the whole tree only.
func SeesAuditEntry(regions *RegionTree, admin *User, entryRegions []string) bool {
	if len(entryRegions) == 0 {
		root := regions.Root()
		return root != nil && admin.RegionCode == root.Code
	}
	for _, r := range entryRegions {
		if regions.Contains(admin.RegionCode, r) {
			return true
		}
	}
	return false
}
