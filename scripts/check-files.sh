#!/usr/bin/env bash
# Small file checks for the pre-commit hooks, so the hooks run offline from
# the repository itself. Each reports the offending files and exits 1; none
# rewrites a file.
#
# Usage: scripts/check-files.sh CHECK FILE...
#   trailing-whitespace  lines ending in spaces or tabs
#   end-of-file          files that do not end in exactly one newline
#   large-files          files over LARGE_FILE_KB kilobytes (default 500)
#   merge-conflict       leftover <<<<<<< / ||||||| / >>>>>>> markers
set -euo pipefail

check=${1:?usage: scripts/check-files.sh CHECK FILE...}
shift
bad=()

for f in "$@"; do
  [ -f "$f" ] || continue
  case $check in
    trailing-whitespace)
      if grep -nE '[[:blank:]]+$' "$f" >/dev/null; then
        bad+=("$f: line $(grep -nE '[[:blank:]]+$' "$f" | head -n1 | cut -d: -f1)")
      fi
      ;;
    end-of-file)
      [ -s "$f" ] || continue
      last2=$(tail -c2 "$f" | od -An -tx1 | tr -d ' \n')
      case $last2 in
        *0a0a) bad+=("$f: blank lines at the end") ;;
        *0a) ;;
        *) bad+=("$f: no newline at the end") ;;
      esac
      ;;
    large-files)
      limit=${LARGE_FILE_KB:-500}
      size=$(($(wc -c <"$f") / 1024))
      if ((size > limit)); then
        bad+=("$f: ${size} KB (limit ${limit} KB)")
      fi
      ;;
    merge-conflict)
      if grep -nE '^(<<<<<<<|\|\|\|\|\|\|\||>>>>>>>)( |$)' "$f" >/dev/null; then
        bad+=("$f: line $(grep -nE '^(<<<<<<<|\|\|\|\|\|\|\||>>>>>>>)( |$)' "$f" | head -n1 | cut -d: -f1)")
      fi
      ;;
    *)
      echo "check-files: unknown check $check" >&2
      exit 2
      ;;
  esac
done

if [ ${#bad[@]} -gt 0 ]; then
  echo "check-files $check:" >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
