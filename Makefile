# Pingan — 平安调解.  `make run` builds everything and starts on the embedded store; `make test` runs every test.
GO        ?= go
NPM       ?= npm
BIN       := bin/pingan
FRONTEND  := frontend
DATA_DIR  ?= ./data
ADDR      ?= 127.0.0.1:8080

.PHONY: all build frontend backend run demo test test-go test-fuzz test-frontend test-e2e bench vet fmt clean

all: build

## build: the web app, embedded into bin/pingan
build: frontend backend

$(FRONTEND)/node_modules/.package-lock.json: $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && $(NPM) ci --no-audit --no-fund

frontend: $(FRONTEND)/node_modules/.package-lock.json
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

## test: every test — Go (unit, HTTP against the embedded store, short fuzz), frontend unit, browser end-to-end
test: vet test-go test-fuzz test-frontend test-e2e

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

fmt:
	gofmt -w cmd domain handlers store

clean:
	rm -rf bin $(FRONTEND)/dist/assets $(FRONTEND)/dist/index.html
