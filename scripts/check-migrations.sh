#!/usr/bin/env bash
# Checks the migration files' names (the hook `check-migrations`; also run by
# scripts/lint.sh):
#   - every file in each driver's folder (every folder under migrations/)
#     is named NNNN_name.up.sql or NNNN_name.down.sql (lower case, digits, _);
#   - every .up.sql has its .down.sql and every .down.sql its .up.sql;
#   - versions start at 0001 and go up by one, each used by one name only;
#   - every dialect folder holds the same set of names as postgres.
# Usage: scripts/check-migrations.sh [MIGRATIONS_DIR]   (default: migrations)
set -euo pipefail

if [ $# -gt 0 ]; then
  root=$1
else
  cd "$(dirname "$0")/.."
  root=migrations
fi
dialects=(postgres)
for d in "$root"/*/; do
  d=${d%/}
  d=${d##*/}
  [ "$d" = postgres ] || dialects+=("$d")
done
pattern='^([0-9]{4})_([a-z0-9_]+)\.(up|down)\.sql$'
errors=0
stems=

fail() {
  echo "check-migrations: $*" >&2
  errors=$((errors + 1))
}

# names_in DIR: sets stems to the sorted NNNN_name stems of DIR's files, and
# reports every naming problem. (Not run in a subshell, so errors counts.)
names_in() {
  local dir=$1 f base stem
  local -A up=() down=() by_version=()
  for f in "$dir"/* "$dir"/.[!.]*; do
    [ -e "$f" ] || continue
    base=${f##*/}
    if [ -d "$f" ] || ! [[ $base =~ $pattern ]]; then
      fail "$dir/$base: not a NNNN_name.up.sql or NNNN_name.down.sql file"
      continue
    fi
    stem="${BASH_REMATCH[1]}_${BASH_REMATCH[2]}"
    if [ "${BASH_REMATCH[3]}" = up ]; then up[$stem]=1; else down[$stem]=1; fi
    local version=${BASH_REMATCH[1]}
    if [ -n "${by_version[$version]:-}" ] && [ "${by_version[$version]}" != "$stem" ]; then
      fail "$dir: version $version is used by both ${by_version[$version]} and $stem"
    fi
    by_version[$version]=$stem
  done
  for stem in "${!up[@]}"; do
    [ -n "${down[$stem]:-}" ] || fail "$dir/$stem.up.sql has no $stem.down.sql"
  done
  for stem in "${!down[@]}"; do
    [ -n "${up[$stem]:-}" ] || fail "$dir/$stem.down.sql has no $stem.up.sql"
  done
  local want=1 v
  while read -r v; do
    [ -n "$v" ] || continue
    if ((10#$v != want)); then
      fail "$dir: expected version $(printf %04d "$want") next, found $v (versions start at 0001, without gaps)"
      want=$((10#$v))
    fi
    want=$((want + 1))
  done < <(printf '%s\n' "${!by_version[@]}" | sort)
  stems=$(printf '%s\n' "${!up[@]}" "${!down[@]}" | sort -u | sed '/^$/d')
}

declare -A sets=()
for d in "${dialects[@]}"; do
  if [ ! -d "$root/$d" ]; then
    fail "$root/$d: folder missing"
    continue
  fi
  names_in "$root/$d"
  sets[$d]=$stems
done

for d in "${dialects[@]:1}"; do
  if [ -n "${sets[postgres]+x}" ] && [ -n "${sets[$d]+x}" ] && [ "${sets[postgres]}" != "${sets[$d]}" ]; then
    fail "postgres and $d hold different migrations:"
    diff <(echo "${sets[postgres]}") <(echo "${sets[$d]}") | sed -n "s/^< /  only in postgres: /p; s/^> /  only in $d:   /p" >&2
  fi
done

if ((errors > 0)); then
  exit 1
fi
