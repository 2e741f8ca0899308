// Package handlerstest is the one HTTP client of Pingan's tests: the handler tests, the binary's tests and
// the benchmarks all build requests and read answers through it, over the network or, for the fuzz targets,
// in-process to the handler. It must not import handlers, so that handlers' own tests can use it.
package handlerstest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// Client sends requests to one server.
type Client struct {
	Base string       // the server's URL, e.g. "http://127.0.0.1:8080"
	HTTP *http.Client // nil: http.DefaultClient
}

// InProcess is a client whose requests are served by h in this process, as httptest.NewRequest and a
// recorder would serve them: no network, no server.
func InProcess(h http.Handler) *Client {
	return &Client{Base: "http://pingan.test", HTTP: &http.Client{Transport: handlerTransport{h}}}
}

type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	in := httptest.NewRequestWithContext(req.Context(), req.Method, req.URL.String(), req.Body)
	in.Header = req.Header.Clone()
	in.ContentLength = req.ContentLength
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, in)
	return rec.Result(), nil
}

// Response is a whole answer.
type Response struct {
	Status int
	Body   map[string]any // a JSON object answer, decoded; nil for anything else
	Raw    []byte
	Header http.Header
}

// ErrorCode is the code of an error answer (API.md, Errors), "" for anything else.
func (r Response) ErrorCode() string {
	e, _ := r.Body["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

// Typed is a request body with a content type of its own (a multipart form, a file).
type Typed struct {
	ContentType string
	Data        []byte
}

// Multipart is a multipart/form-data body with the given form fields and, unless filename is "", the
// file data as the field `file` (the import's form).
func Multipart(filename string, data []byte, fields map[string]string) Typed {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		mw.WriteField(k, fields[k]) // writes to a bytes.Buffer cannot fail
	}
	if filename != "" {
		fw, _ := mw.CreateFormFile("file", filename)
		fw.Write(data)
	}
	mw.Close()
	return Typed{ContentType: mw.FormDataContentType(), Data: buf.Bytes()}
}

// NewRequest builds a request for path with an optional bearer token. The body is nil (none), a string or
// []byte (sent as JSON), a Typed body, an io.Reader (streamed as JSON, chunked unless its length is
// known) or any other value, encoded as JSON.
func (c *Client) NewRequest(method, path, token string, body any) (*http.Request, error) {
	var rd io.Reader
	contentType := "application/json"
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	case Typed:
		rd, contentType = bytes.NewReader(b.Data), b.ContentType
	case io.Reader:
		rd = b
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			return nil, fmt.Errorf("encode the body of %s %s: %w", method, path, err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, c.Base+path, rd)
	if err != nil {
		return nil, err
	}
	if rd != nil {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req, nil
}

// Send sends a request and reads the whole answer. An error means no whole answer came.
func (c *Client) Send(req *http.Request) (Response, error) {
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return Response{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return Response{}, fmt.Errorf("read the answer to %s %s: %w", req.Method, req.URL.Path, err)
	}
	r := Response{Status: resp.StatusCode, Raw: raw, Header: resp.Header}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") && len(raw) > 0 {
		if err := json.Unmarshal(raw, &r.Body); err != nil {
			r.Body = nil // an array or a scalar: Raw has it
		}
	}
	return r, nil
}

// Do builds a request (see NewRequest) and sends it.
func (c *Client) Do(method, path, token string, body any) (Response, error) {
	req, err := c.NewRequest(method, path, token, body)
	if err != nil {
		return Response{}, err
	}
	return c.Send(req)
}

// Must is Do for a test: it stops the test when no answer comes. The status is the caller's to check.
func (c *Client) Must(t testing.TB, method, path, token string, body any) Response {
	t.Helper()
	r, err := c.Do(method, path, token, body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

// MustSend is Send for a test: it stops the test when no answer comes.
func (c *Client) MustSend(t testing.TB, req *http.Request) Response {
	t.Helper()
	r, err := c.Send(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	return r
}

// Login signs a user in and returns the token; anything but a 200 stops the test.
func (c *Client) Login(t testing.TB, username, password string) string {
	t.Helper()
	r := c.Must(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": username, "password": password})
	token, _ := r.Body["token"].(string)
	if r.Status != http.StatusOK || token == "" {
		t.Fatalf("login %s: %d %s", username, r.Status, r.Raw)
	}
	return token
}
