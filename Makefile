# Pingan — 平安调解.  `make run` builds everything and starts on the embedded store; `make test` runs every test.
GO        ?= go
NPM       ?= npm
BIN       := bin/pingan
FRONTEND  := frontend
DATA_DIR  ?= ./data
ADDR      ?= 127.0.0.1:8080

.PHONY: all build generate frontend backend run demo test test-go test-fuzz test-frontend test-e2e bench load vet fmt clean

all: build

## build: the web app, embedded into bin/pingan
build: frontend backend

$(FRONTEND)/node_modules/.package-lock.json: $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && $(NPM) ci --no-audit --no-fund

## generate: the web app's files made from the Go code — the OpenAPI document, its TypeScript types and the
## enumerations module — into frontend/src/api/generated (committed; make test fails when they are stale)
generate:
	$(GO) run ./cmd/pingan openapi --write $(FRONTEND)/src/api/generated

## frontend: type-check and build the web app into dist/ — only when one of its sources changed since the
## last build (dist/index.html is the stamp), so `make run` starts at once when nothing did
FRONTEND_SRC := $(shell find $(FRONTEND)/src $(FRONTEND)/public -type f ! -name '*.test.ts' ! -path '*/src/test/*' 2>/dev/null) \
	$(wildcard $(FRONTEND)/index.html $(FRONTEND)/package.json $(FRONTEND)/vite.config.ts $(FRONTEND)/tsconfig*.json)

frontend: $(FRONTEND)/dist/index.html

$(FRONTEND)/dist/index.html: $(FRONTEND)/node_modules/.package-lock.json $(FRONTEND_SRC)
	cd $(FRONTEND) && $(NPM) run build

backend:
	CGO_ENABLED=0 $(GO) build -trimpath -o $(BIN) ./cmd/pingan

## run: build and start on the embedded store (the admin password is printed on the first start)
run: build
	PINGAN_DATA_DIR=$(DATA_DIR) PINGAN_ADDR=$(ADDR) ./$(BIN) serve

## demo: build, write Ankang demo data (8,000 disputes, 220 petition cases) into DATA_DIR only if it holds no case, then start
DEMO_DISPUTES  ?= 8000
DEMO_PETITIONS ?= 220
demo: build
	PINGAN_DATA_DIR=$(DATA_DIR) ./$(BIN) seed --disputes $(DEMO_DISPUTES) --petitions $(DEMO_PETITIONS) --if-empty
	PINGAN_DATA_DIR=$(DATA_DIR) PINGAN_ADDR=$(ADDR) ./$(BIN) serve

## test: every test — builds first (so the Go tests see the embedded app), then Go (unit, HTTP against the
## embedded store, short fuzz), frontend unit, browser end-to-end
test: vet build test-go test-fuzz test-frontend test-e2e

vet:
	@test -z "$$(gofmt -l cmd domain handlers store frontend/embed.go)" || (echo "gofmt needed:"; gofmt -l cmd domain handlers store; exit 1)
	$(GO) vet ./...

test-go:
	$(GO) test -count=1 -timeout 15m ./...

test-fuzz:
	@echo "short fuzz runs (seed corpus in testdata/fuzz)"
	@for f in $$($(GO) test -list 'Fuzz.*' ./handlers | grep '^Fuzz'); do \
		$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime 15s ./handlers || exit 1; \
	done

test-frontend: $(FRONTEND)/node_modules/.package-lock.json
	cd $(FRONTEND) && $(NPM) run test:unit

test-e2e: build
	cd $(FRONTEND) && PINGAN_BIN=$(abspath $(BIN)) $(NPM) run test:e2e

## bench: Go benchmarks of the case index, store and reports (figures go to docs/BENCHMARKS.md)
bench:
	$(GO) test -run '^$$' -bench . -benchmem -timeout 60m ./domain/... ./store/... ./handlers/...

## load: 200 virtual users for 60 s over HTTP against a server on five years of Ankang (40,000 cases seeded into
## LOAD_DATA on the first run; each run works on a copy); prints latencies per endpoint and the server's memory.
LOAD_DATA     ?= $(or $(TMPDIR),/tmp)/pingan-load-40k
LOAD_USERS    ?= 200
LOAD_DURATION ?= 60s
LOAD_ARGS     ?=
LOAD_PASSWORD ?= Load-admin-2026

load: backend
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/pingan-load ./cmd/pingan-load
	PINGAN_DATA_DIR=$(LOAD_DATA) PINGAN_LOG_LEVEL=warn ./$(BIN) seed --if-empty --disputes 38950 --petitions 1050 \
		--from $$(( $$(date +%Y) - 5 ))-$$(date +%m)-01
	@log=$$(mktemp); run=$$(mktemp -d); cp -R $(LOAD_DATA)/. $$run/; start=$$(date +%s); \
	PINGAN_DATA_DIR=$$run PINGAN_ADDR=127.0.0.1:0 PINGAN_ADMIN_PASSWORD=$(LOAD_PASSWORD) PINGAN_LOG_LEVEL=warn \
		./$(BIN) serve >$$log 2>&1 & pid=$$!; \
	trap 'kill $$pid 2>/dev/null; wait $$pid 2>/dev/null; rm -rf $$log $$run' EXIT; \
	while ! grep -q 'listening on' $$log; do kill -0 $$pid 2>/dev/null || { cat $$log; exit 1; }; sleep 0.2; done; \
	url=$$(grep -o 'http://127\.0\.0\.1:[0-9]*' $$log | head -1); \
	echo "server ready after $$(( $$(date +%s) - start )) s at $$url"; \
	status=0; ./bin/pingan-load --url $$url --admin-password $(LOAD_PASSWORD) --users $(LOAD_USERS) \
		--duration $(LOAD_DURATION) --wait 60s $(LOAD_ARGS) || status=$$?; \
	grep -E 'VmHWM|VmRSS' /proc/$$pid/status 2>/dev/null | sed 's/^/server /'; \
	exit $$status

fmt:
	gofmt -w cmd domain handlers store

clean:
	rm -rf bin $(FRONTEND)/dist/assets $(FRONTEND)/dist/index.html
