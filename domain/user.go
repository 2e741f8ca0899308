package domain

import (
	"errors"
	"strings"
	"time"
	"unicode"
)

// MinPasswordLength is the shortest password accepted (API.md: at least 8 characters).
const MinPasswordLength = 8

// NewUserInput is the body of POST /api/v1/users.
type NewUserInput struct {
	Username   string `json:"username" validate:"required,min=2,max=32" label:"用户名"`
	Password   string `json:"password" validate:"required" label:"密码"`
	Name       string `json:"name" validate:"required,max=50" label:"姓名"`
	Role       string `json:"role" validate:"required,enum=role" label:"角色"`
	RegionCode string `json:"regionCode" validate:"required" label:"所属区域"`
}

// UserPatch is the body of PATCH /api/v1/users/{id}: only the fields sent change.
type UserPatch struct {
	Name       *string `json:"name" validate:"omitempty,min=1,max=50" label:"姓名"`
	Role       *string `json:"role" validate:"omitempty,enum=role" label:"角色"`
	RegionCode *string `json:"regionCode" label:"所属区域"`
	Active     *bool   `json:"active" label:"启用状态"`
	Password   *string `json:"password" label:"密码"`
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
func UserID(username string) string { return strings.ToLower(strings.TrimSpace(username)) }

// NewUser checks the input and returns the user to store, hashing the password with hash.
func NewUser(in NewUserInput, regions *RegionTree, hash func(string) (string, error), now time.Time) (*User, error) {
	in.Username = strings.TrimSpace(in.Username)
	in.Name = strings.TrimSpace(in.Name)
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
	}, nil
}

// ApplyTo changes u as the patch says, after checking every field.
func (p UserPatch) ApplyTo(u *User, regions *RegionTree, hash func(string) (string, error), now time.Time) error {
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
		u.Name = strings.TrimSpace(*p.Name)
	}
	if p.Role != nil {
		u.Role = Role(*p.Role)
	}
	if p.RegionCode != nil {
		u.RegionCode = *p.RegionCode
	}
	if p.Active != nil {
		u.Active = *p.Active
	}
	if p.Password != nil {
		h, err := hash(*p.Password)
		if err != nil {
			return err
		}
		u.PasswordHash = h
		u.PasswordChangedAt = now
	}
	u.UpdatedAt = now
	return nil
}
