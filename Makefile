# entstack: the commands of the README.
GO ?= go

.PHONY: run test generate check-generated lint bench fuzz oracle

## run: serve the example blog API on SQLite (blog.db) at :8080
run:
	$(GO) run ./example

## test: the whole test suite, then the integration suite and the policy language tests again on PostgreSQL and MariaDB
##       when ENTSTACK_TEST_POSTGRES / ENTSTACK_TEST_MYSQL name servers (.ci/run starts them)
test:
	$(GO) test -count=1 ./...
	@for db in postgres:ENTSTACK_TEST_POSTGRES:postgres mysql:ENTSTACK_TEST_MYSQL:mariadb; do \
		kind=$${db%%:*}; rest=$${db#*:}; var=$${rest%%:*}; server=$${rest#*:}; \
		if [ -n "$$(printenv $$var)" ]; then \
			echo "== integration suite on $$kind"; \
			ENTSTACK_TEST_DB=$$kind $(GO) test -count=1 ./integration/... ./entx/internal/langtest/... || exit 1; \
		elif [ "$$ENTSTACK_TEST_REQUIRE_DBS" = 1 ]; then \
			echo "$$var is not set and ENTSTACK_TEST_REQUIRE_DBS=1" >&2; exit 1; \
		else \
			echo "== integration suite on $$kind: skipped ($$var not set; start one with: . .ci/databases.sh && db_start_$$server)"; \
		fi; \
	done

## generate: regenerate the Ent code (the reference schema, the policy language test schemas and the create answer test schema)
generate:
	$(GO) generate ./ent ./entx/internal/langtest/ent ./entx/internal/langtest/tenant/ent ./integration/storedrow/ent

## check-generated: fail when `go generate` would change committed code
check-generated: generate
	@git diff --exit-code --stat || (echo "generated code is stale: run make generate and commit" >&2; exit 1)
	@test -z "$$(git status --porcelain)" || (git status --porcelain; echo "go generate created files that are not committed" >&2; exit 1)

## lint: gofmt, go vet, no tracked binary file (test databases belong in memory or t.TempDir()),
## and every requirement id cited in the code defined in docs/requirements.md
lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt would change the files above" >&2; exit 1)
	$(GO) vet ./...
	@test -z "$$(git ls-files --eol | grep 'i/-text')" || (git ls-files --eol | grep 'i/-text'; echo "binary files are tracked: keep test databases in memory or in t.TempDir()" >&2; exit 1)
	@ids=$$(git grep -hoE '\b(JA|RPC|POL)(-[A-Z]{2,6})+-[0-9]{2}\b' -- '*.go' | sort -u | while read -r id; do grep -q "^| $$id |" docs/requirements.md || echo "$$id"; done); \
	test -z "$$ids" || (echo "requirement ids cited in the code but not defined in docs/requirements.md:" $$ids >&2; exit 1)

## bench: the benchmarks against the hand-written gin + Ent handlers
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./integration/...

## fuzz: every fuzz target for FUZZTIME each (default 10s): make fuzz FUZZTIME=5m
fuzz:
	FUZZTIME=$${FUZZTIME:-10s} .ci/fuzz.sh

## oracle: the policy oracle (random data, viewers, reads and writes against an independent
##         evaluation of the reference policy) for SEEDS seeds (default 500): make oracle SEEDS=5000
oracle:
	ENTSTACK_ORACLE_SEEDS=$${SEEDS:-500} $(GO) test -count=1 -run '^TestPolicyOracle$$' ./integration/
