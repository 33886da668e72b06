# Warehouse loader. `make help` lists the targets.
SHELL := /bin/bash
GO ?= go
BIN := bin/loader
DATABASE_URL ?= $(or $(LOADER_DATABASE_URL),sqlite://warehouse.db)
export LOADER_DATABASE_URL := $(DATABASE_URL)
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
N ?= 1000000
DIALECTS ?= sqlite,postgres,mysql

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: build
build: ## Build bin/loader (cgo, for SQLite)
	CGO_ENABLED=1 $(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/loader

.PHONY: migrate
migrate: build ## Apply every migration to DATABASE_URL (default sqlite://warehouse.db)
	$(BIN) migrate up

.PHONY: demo
demo: build ## Run the sales demo on the embedded SQLite default: migrate, ingest, transform, report
	$(BIN) migrate up
	$(BIN) run sales_ingest
	$(BIN) run sales_transform
	$(BIN) report sales

SERVE_ADDR ?= 127.0.0.1:8080

.PHONY: serve
serve: demo ## Serve the dashboard, API and metrics of the demo warehouse on SERVE_ADDR (default 127.0.0.1:8080), with "run now"
	$(BIN) serve --addr $(SERVE_ADDR) --allow-run

DEMO_API_ADDR ?= 127.0.0.1:8765
DEMO_API_TOKEN ?= demo-token
export DEMO_API_ADDR DEMO_API_TOKEN
API_PIPELINES := examples/api/pipelines.yaml

.PHONY: demo-api
demo-api: build ## Load the offline demo orders API (bin/demo-api) into api_orders twice: everything, then only what changed
	$(GO) build -o bin/demo-api ./cmd/demo-api
	@set -euo pipefail; \
	bin/demo-api --addr $(DEMO_API_ADDR) --grow 10 & api=$$!; \
	trap 'kill $$api 2>/dev/null || true; wait $$api 2>/dev/null || true' EXIT; \
	host=$${DEMO_API_ADDR%:*} port=$${DEMO_API_ADDR##*:}; \
	for _ in $$(seq 100); do \
	  kill -0 $$api 2>/dev/null || { echo "demo-api did not start (is $(DEMO_API_ADDR) taken? make demo-api DEMO_API_ADDR=127.0.0.1:PORT)" >&2; exit 1; }; \
	  (exec 3<>"/dev/tcp/$$host/$$port") 2>/dev/null && break; sleep 0.1; \
	done; \
	set -x; \
	$(BIN) migrate up; \
	$(BIN) reset orders_api --truncate --file $(API_PIPELINES); \
	$(BIN) run orders_api --file $(API_PIPELINES) | tee bin/demo-api-run.txt; \
	$(BIN) rejects "$$(sed -n 's/.*loader rejects \([0-9]*\).*/\1/p' bin/demo-api-run.txt)" --limit 3; \
	$(BIN) run orders_api --file $(API_PIPELINES); \
	$(BIN) runs --pipeline orders_api --limit 2

.PHONY: test
test: ## Run every test: SQLite, PostgreSQL (LOADER_TEST_DATABASE_URL) and MariaDB (LOADER_TEST_MYSQL_URL); then the MongoDB module's (embedded FerretDB)
	$(GO) test -count=1 -timeout 15m ./...
	cd integration/mongodb && $(GO) test -count=1 -timeout 5m ./...

.PHONY: screenshots
screenshots: ## Take the dashboard's screenshots (loader serve in headless chromium) into docs/img
	LOADER_SCREENSHOTS=$(CURDIR)/docs/img $(GO) test -count=1 -timeout 5m -run 'TestServeInBrowser$$/sqlite' ./cmd/loader

.PHONY: test-race
test-race: ## Run every test with the race detector
	$(GO) test -race -count=1 -timeout 20m ./...

.PHONY: lint
lint: ## gofmt, go vet, golangci-lint, actionlint, compose validation
	./scripts/lint.sh

.PHONY: vuln
vuln: ## Report known vulnerabilities in dependencies (govulncheck; needs vuln.go.dev)
	$(GO) tool -modfile=tools/go.mod govulncheck ./...

.PHONY: hooks
hooks: ## Install the pre-commit hooks
	pre-commit install

.PHONY: bench
bench: build ## Benchmark loads against psql \copy, sqlite3 .import and MariaDB LOAD DATA (N=rows)
	./scripts/bench.sh $(N)

.PHONY: bench-serve
bench-serve: ## Time every dashboard page and API endpoint on 100k runs and 1M rejects (DIALECTS=sqlite,postgres,mysql)
	$(GO) test -run '^$$' -bench BenchmarkPages -benchtime 20x -timeout 60m ./web/ -args -serve.dialects $(DIALECTS)

.PHONY: db-reset
db-reset: build ## Revert every migration on DATABASE_URL, then apply them again
	$(BIN) migrate goto 0
	$(BIN) migrate up

.PHONY: clean
clean: ## Remove build output and the SQLite warehouses of the demos
	rm -rf bin warehouse.db warehouse.db-shm warehouse.db-wal api-demo.db api-demo.db-shm api-demo.db-wal
