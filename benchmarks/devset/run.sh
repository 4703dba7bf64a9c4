#!/usr/bin/env bash
# Extract each dev-set question's articles into a store of its own, find its conflicts, export, and score against
# gold.json. Usage: benchmarks/devset/run.sh [OUT_DIR] [-- score.py options, e.g. --verbose]
# OUT_DIR (default: a new temporary folder) keeps <question>/claims, statements.json and conflicts.json.
# Runs the claimtrack of this checkout (its src/ first on PYTHONPATH); PYTHON picks the interpreter.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python="${PYTHON:-python}"
out=""
if [[ $# -gt 0 && "$1" != "--" ]]; then out="$1"; shift; fi
[[ "${1:-}" == "--" ]] && shift
out="${out:-$(mktemp -d "${TMPDIR:-/tmp}/claimtrack-devset.XXXXXX")}"
export PYTHONPATH="$root/src${PYTHONPATH:+:$PYTHONPATH}"

missing=$("$python" "$here/rebuild.py" --check --quiet || true)
if [[ -n "$missing" ]]; then
    echo "run.sh: the dev set's texts are absent or changed, skipping ($missing)." >&2
    echo "run.sh: rebuild them first: see 'Rebuilding the texts' in benchmarks/devset/README.md." >&2
    exit 0
fi

cd "$root"
for topic in "$here"/topics/*.toml; do
    q="$(basename "$topic" .toml)"
    mkdir -p "$out/$q"
    "$python" -m claimtrack extract "benchmarks/devset/articles/$q" --out "$out/$q/claims" --force --no-table
    "$python" -m claimtrack conflicts --claims "$out/$q/claims" --topic "$topic" --format json --limit 0 --save \
        > "$out/$q/conflicts.json"
    "$python" -m claimtrack export --claims "$out/$q/claims" --format json > "$out/$q/statements.json"
done
echo "run.sh: results in $out" >&2
"$python" "$here/score.py" "$here/gold.json" "$out" "$@"
