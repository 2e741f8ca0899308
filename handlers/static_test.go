package handlers

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/labstack/echo/v4"
)

// The embedded app is served compressed by the binary itself: gzip for text a client accepts it for,
// hashed assets cached for a year as immutable, index.html (and the client-side routes that answer it)
// revalidated every time; images, small files and clients without gzip get the bytes as they are.
func TestWebAppServesCompressedWithCachingHeaders(t *testing.T) {
	t.Parallel()
	bigJS := strings.Repeat("export const label = '平安调解';\n", 2000)
	index := "<!doctype html><html><head><title>平安调解</title></head><body><div id=\"splash\">正在加载</div>" + strings.Repeat("<!-- pad -->", 200) + "</body></html>"
	precompressed := gzipBytes(t, []byte("/* from the build */"+strings.Repeat("a{b:c}", 400)))
	dist := fstest.MapFS{
		"index.html":                 {Data: []byte(index)},
		"assets/index-abc123.js":     {Data: []byte(bigJS)},
		"assets/style-def456.css":    {Data: []byte(strings.Repeat("a{b:c}", 400))},
		"assets/style-def456.css.gz": {Data: precompressed},
		"assets/logo-1a2b3c.png":     {Data: bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 600)},
		"assets/tiny-9f9f9f.js":      {Data: []byte("export{}")},
		"favicon.svg":                {Data: []byte("<svg xmlns='http://www.w3.org/2000/svg'>" + strings.Repeat("<g/>", 400) + "</svg>")},
	}
	e := echo.New()
	e.GET("/*", webApp(dist))

	cases := []struct {
		name, path, accept string
		wantGzip           bool
		wantCache          string
		wantType           string
		wantBody           string
	}{
		{"hashed script, gzip accepted", "/assets/index-abc123.js", "gzip, deflate, br", true, "public, max-age=31536000, immutable", "text/javascript", bigJS},
		{"hashed script, no gzip", "/assets/index-abc123.js", "", false, "public, max-age=31536000, immutable", "text/javascript", bigJS},
		{"gzip refused with q=0", "/assets/index-abc123.js", "gzip;q=0, identity", false, "public, max-age=31536000, immutable", "text/javascript", bigJS},
		{"a precompressed .gz next to the file", "/assets/style-def456.css", "br;q=1, gzip;q=0.8", true, "public, max-age=31536000, immutable", "text/css", "/* from the build */" + strings.Repeat("a{b:c}", 400)},
		{"an image as it is", "/assets/logo-1a2b3c.png", "gzip", false, "public, max-age=31536000, immutable", "image/png", ""},
		{"a tiny file as it is", "/assets/tiny-9f9f9f.js", "gzip", false, "public, max-age=31536000, immutable", "text/javascript", "export{}"},
		{"an unhashed file is revalidated", "/favicon.svg", "gzip", true, "no-cache", "image/svg+xml", ""},
		{"index.html", "/", "gzip", true, "no-cache", "text/html", index},
		{"a client-side route answers index.html", "/cases/610921-2026-000001", "gzip", true, "no-cache", "text/html", index},
	}
	for _, tc := range cases {
		req := httptest.NewRequest(http.MethodGet, tc.path, nil)
		if tc.accept != "" {
			req.Header.Set("Accept-Encoding", tc.accept)
		}
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("%s: status %d", tc.name, rec.Code)
		}
		h := rec.Header()
		if got := h.Get("Cache-Control"); got != tc.wantCache {
			t.Errorf("%s: Cache-Control %q, want %q", tc.name, got, tc.wantCache)
		}
		if !strings.HasPrefix(h.Get("Content-Type"), tc.wantType) {
			t.Errorf("%s: Content-Type %q, want %s", tc.name, h.Get("Content-Type"), tc.wantType)
		}
		body := rec.Body.Bytes()
		if gz := h.Get("Content-Encoding") == "gzip"; gz != tc.wantGzip {
			t.Fatalf("%s: gzip %v, want %v", tc.name, gz, tc.wantGzip)
		}
		if tc.wantGzip {
			if h.Get("Vary") != "Accept-Encoding" {
				t.Errorf("%s: Vary %q", tc.name, h.Get("Vary"))
			}
			plain := gunzip(t, body)
			if len(body) >= len(plain) {
				t.Errorf("%s: %d bytes sent for %d", tc.name, len(body), len(plain))
			}
			body = plain
		}
		if tc.wantBody != "" && string(body) != tc.wantBody {
			t.Errorf("%s: body differs (%d bytes, want %d)", tc.name, len(body), len(tc.wantBody))
		}
	}

	// the ETag revalidates: index.html unchanged answers 304 without a body
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	etag := rec.Header().Get("ETag")
	req.Header.Set("If-None-Match", etag)
	rec = httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	if etag == "" || rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Fatalf("revalidation with ETag %q: %d, %d bytes", etag, rec.Code, rec.Body.Len())
	}
	// the compressed and the plain answer have different validators
	req = httptest.NewRequest(http.MethodGet, "/", nil)
	rec = httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	if rec.Header().Get("ETag") == etag {
		t.Fatal("the plain index.html has the gzip answer's ETag")
	}
}

func gzipBytes(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
