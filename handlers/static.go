package handlers

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"hash/fnv"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"pingan/domain"
)

// staticExt are the extensions of built assets; other paths without a file are the app's own routes.
var staticExt = map[string]bool{".js": true, ".mjs": true, ".css": true, ".map": true, ".png": true, ".svg": true,
	".ico": true, ".jpg": true, ".woff": true, ".woff2": true, ".ttf": true, ".json": true, ".txt": true, ".html": true}

// compressible are the extensions worth gzipping (text); images and fonts are compressed already.
var compressible = map[string]bool{".js": true, ".mjs": true, ".css": true, ".map": true, ".svg": true,
	".json": true, ".txt": true, ".html": true, ".ico": true}

// minGzip is the smallest file worth compressing: below it the header costs what the compression saves.
const minGzip = 1024

// staticFile is one file of the app as served: its bytes and, when worth it, their gzip.
type staticFile struct {
	body, gz     []byte
	etag, gzEtag string // strong validators of body and gz
	contentType  string
}

// webApp serves the embedded single-page app, falling back to index.html for client-side routes. Files
// are read once and kept with their gzip (compressed on first request, at the best level, or taken from a
// precompressed name.gz next to them), so a slow link gets the 1 MB element-plus chunk as ~300 KB with no
// proxy in front. Hashed files under assets/ are cached for a year as immutable; index.html and the rest
// are revalidated (no-cache), so a new build is picked up at once.
func webApp(dist fs.FS) echo.HandlerFunc {
	var mu sync.Mutex
	cache := map[string]*staticFile{}
	load := func(p string) (*staticFile, bool) {
		mu.Lock()
		defer mu.Unlock()
		if f, ok := cache[p]; ok {
			return f, f != nil
		}
		body, err := fs.ReadFile(dist, p)
		if err != nil {
			cache[p] = nil
			return nil, false
		}
		ext := path.Ext(p)
		f := &staticFile{body: body, contentType: mime.TypeByExtension(ext)}
		if f.contentType == "" {
			f.contentType = http.DetectContentType(body)
		}
		if compressible[ext] && len(body) >= minGzip {
			if gz, err := fs.ReadFile(dist, p+".gz"); err == nil {
				f.gz = gz
			} else {
				var buf bytes.Buffer
				w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
				_, _ = w.Write(body)
				if w.Close() == nil && buf.Len() < len(body) {
					f.gz = buf.Bytes()
				}
			}
		}
		f.etag, f.gzEtag = etagOf(f.body), etagOf(f.gz)
		cache[p] = f
		return f, true
	}
	return func(c echo.Context) error {
		p := strings.TrimPrefix(c.Request().URL.Path, "/")
		if p == "api" || strings.HasPrefix(p, "api/") {
			return domain.ErrRouteNotFound
		}
		if p != "" && p != "index.html" {
			if st, err := fs.Stat(dist, p); err == nil && !st.IsDir() {
				f, _ := load(p)
				cacheControl := "no-cache"
				if strings.HasPrefix(p, "assets/") {
					cacheControl = "public, max-age=31536000, immutable"
				}
				return serveStatic(c, p, f, cacheControl)
			}
			if staticExt[path.Ext(p)] { // a missing asset is missing, not a client-side route
				return domain.ErrFileNotFound
			}
		}
		f, ok := load("index.html")
		if !ok {
			return c.HTML(http.StatusOK, `<!doctype html><meta charset="utf-8"><title>平安调解</title><p>前端尚未构建，请运行 make build。</p>`)
		}
		return serveStatic(c, "index.html", f, "no-cache")
	}
}

// serveStatic answers with the file, gzipped when the client accepts it; http.ServeContent handles HEAD,
// ranges and conditional requests (an ETag over the bytes sent).
func serveStatic(c echo.Context, name string, f *staticFile, cacheControl string) error {
	h := c.Response().Header()
	h.Set("Cache-Control", cacheControl)
	h.Set("Content-Type", f.contentType)
	body, etag := f.body, f.etag
	if f.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(c.Request().Header.Get("Accept-Encoding")) {
			h.Set("Content-Encoding", "gzip")
			body, etag = f.gz, f.gzEtag
		}
	}
	h.Set("ETag", etag)
	http.ServeContent(c.Response(), c.Request(), name, time.Time{}, bytes.NewReader(body))
	return nil
}

// acceptsGzip reads an Accept-Encoding header: gzip (or *) listed and not refused with q=0.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != "gzip" && name != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.ToLower(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// etagOf is a strong validator of the bytes sent (FNV-1a 64, quoted).
func etagOf(b []byte) string {
	h := fnv.New64a()
	_, _ = h.Write(b)
	return fmt.Sprintf("%q", fmt.Sprintf("%016x", h.Sum64()))
}
