package handlers

import (
	"net/http"
	"strings"
	"testing"
)

// Every list refuses a query value it does not know the same way: 400, a Chinese message naming the parameter
// (and for a choice, the values it takes), never a silently ignored filter.
func TestListQueriesRefuseUnknownValues(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	for _, tc := range []struct{ path, param, want string }{
		{"/api/v1/cases?status=nope", "status", "状态（status）的值「nope」无效，可选："},
		{"/api/v1/cases?overdue=maybe", "overdue", "超期（overdue）只能是 true 或 false"},
		{"/api/v1/hazards?level=purple", "level", "风险等级（level）的值「purple」无效，可选：red、orange、yellow、blue"},
		{"/api/v1/hazards?overdue=yes", "overdue", "超期（overdue）只能是 true 或 false"},
		{"/api/v1/hazards?county=999999", "county", "区域代码（county）「999999」不存在"},
		{"/api/v1/hazards?q=" + strings.Repeat("隐", 101), "q", "关键字（q）不能超过100个字符"},
		{"/api/v1/listings?target=street", "target", "挂牌对象（target）的值「street」无效"},
		{"/api/v1/assessments?grade=x", "grade", "风险等级（grade）的值「x」无效"},
		{"/api/v1/assessments?township=123", "township", "区域代码（township）「123」不存在"},
		{"/api/v1/screening/rounds?level=city", "level", "排查单位级别（level）的值「city」无效，可选：township、village"},
	} {
		r := s.do("GET", tc.path, s.admin, nil)
		expectRefusal(t, r, http.StatusBadRequest, "bad_request", tc.path)
		e, _ := r.Body["error"].(map[string]any)
		if msg, _ := e["message"].(string); !strings.Contains(msg, tc.want) {
			t.Errorf("%s: %q, want it to say %q", tc.path, msg, tc.want)
		}
	}
}
