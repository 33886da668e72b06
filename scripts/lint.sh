#!/usr/bin/env bash
# Runs the linters (`make lint`, CI's lint job, and some pre-commit hooks).
#
# Usage: scripts/lint.sh [STEP...]
#   gofmt       files gofmt would change
#   vet         go vet ./...
#   golangci    golangci-lint with .golangci.yml
#   actionlint  the GitHub Actions workflows in .github/workflows
#   compose     docker-compose.yml and the Dockerfile (go test ./deploy/...)
#   migrations  migration file names (scripts/check-migrations.sh)
# With no STEP, runs them all and reports every failing step at the end.
#
# golangci-lint and actionlint are pinned in tools/go.mod and run with
# `go tool -modfile=tools/go.mod`: the first run downloads and builds them.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
all_steps=(gofmt vet golangci actionlint compose migrations)

tool() { "$GO" tool -modfile=tools/go.mod "$@"; }

step_gofmt() {
  local gofmt out f files=()
  gofmt="$("$GO" env GOROOT)/bin/gofmt"
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    while IFS= read -r f; do
      [ -f "$f" ] && files+=("$f")
    done < <(git ls-files --cached --others --exclude-standard -- '*.go')
  else
    mapfile -t files < <(find . -name '*.go' -not -path './.git/*')
  fi
  [ ${#files[@]} -gt 0 ] || return 0
  out=$("$gofmt" -l "${files[@]}")
  if [ -n "$out" ]; then
    echo "gofmt: these files are not formatted (run gofmt -w FILE):"
    echo "$out"
    return 1
  fi
}

step_vet() { "$GO" vet ./...; }

step_golangci() { tool golangci-lint run ./...; }

step_actionlint() { tool actionlint; }

step_compose() { "$GO" test -count=1 ./deploy/...; }

step_migrations() { ./scripts/check-migrations.sh; }

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=("${all_steps[@]}")

failed=()
for s in "${steps[@]}"; do
  if ! declare -F "step_$s" >/dev/null; then
    echo "lint: unknown step $s (steps: ${all_steps[*]})" >&2
    exit 2
  fi
  echo "==> $s"
  if ! "step_$s"; then
    failed+=("$s")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "lint: failed: ${failed[*]}" >&2
  exit 1
fi
echo "lint: ok (${steps[*]})"
