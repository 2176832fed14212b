#!/usr/bin/env bash
# Fuzzes the API server against its own OpenAPI document with schemathesis,
# every check on: a request the document calls valid must be accepted, one
# it calls invalid refused with a documented status, and every answer must
# match its documented status, headers, content type and schema.
#
# The server runs on a free loopback port with a fresh demo database, so
# that what the run creates, renames, rotates and deletes is thrown away.
# It signs in as the organisation admin and sends that session's cookie and
# the console header with every request.
#
#   scripts/fuzz-api.sh                 30 examples per operation (~1 min)
#   FUZZ_EXAMPLES=200 FUZZ_SEED=7 scripts/fuzz-api.sh
#
# Left out: POST /api/auth/logout, which would end the session the run
# uses, and GET /api/events, a stream that does not end (its statuses are
# checked by the server's OpenAPI test). Sign-ins are fuzzed: wrong passwords soon meet the sign-in limiter,
# whose 429 (with Retry-After) is documented and expected.
# scripts/fuzz-api.toml says which checks are widened where, and why.
set -uo pipefail
cd "$(dirname "$0")/.."

examples=${FUZZ_EXAMPLES:-30}
seed=${FUZZ_SEED:-1}
version=4.32.5

# In a virtual environment of its own, so that neither the system's Python
# nor a user's packages are touched (Debian's Python refuses a plain pip
# install).
venv=tools/python
python="$venv/bin/python"
if ! "$python" -m schemathesis.cli --version 2>/dev/null | grep -q "$version"; then
  { [ -x "$python" ] || python3 -m venv "$venv"; } &&
    "$python" -m pip install --quiet --disable-pip-version-check "schemathesis==$version" || exit 1
fi
cargo build --quiet -p api-server || exit 1
server="${CARGO_TARGET_DIR:-target}/debug/api-server"

work=$(mktemp -d)
port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
RUST_LOG=warn "$server" --listen "127.0.0.1:$port" --database "$work/db.sqlite3" --seed-demo \
  >"$work/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT

for _ in $(seq 100); do
  curl -sf "$base/api/health" >/dev/null && break
  sleep 0.1
done
cookie=$(curl -s -D - -o /dev/null -X POST -H 'X-Console-Request: 1' \
  -H 'Content-Type: application/json' \
  -d '{"email":"admin@example.com","password":"tributary-demo"}' \
  "$base/api/auth/login" | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\);.*/\1/p')
if [ -z "$cookie" ]; then
  echo "fuzz-api: could not sign in; server log:" >&2
  cat "$work/server.log" >&2
  exit 1
fi

"$python" -m schemathesis.cli --config-file scripts/fuzz-api.toml run \
  "$base/api/openapi.json" --url "$base" \
  -H "Cookie: $cookie" -H "X-Console-Request: 1" \
  --checks all --exclude-path /api/auth/logout --exclude-path /api/events \
  --max-examples "$examples" --seed "$seed" --no-color >"$work/report.txt" 2>&1
status=$?
if [ $status -ne 0 ]; then
  cat "$work/report.txt"
fi
# One line: the test cases and the outcome, e.g.
# "fuzz-api: 1702 generated, 1702 passed, 30 skipped; 3 warnings in 33.39s"
cases=$(grep -A1 '^Test cases:' "$work/report.txt" | tail -1 | sed 's/^ *//')
outcome=$(tail -1 "$work/report.txt" | tr -d '=' | sed 's/^ *//; s/ *$//')
echo "fuzz-api: $cases; $outcome"
exit $status
