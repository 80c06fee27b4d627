#!/usr/bin/env bash
# CI: a production install from a clean clone, as the README's "Production" section does it,
# against the local PostgreSQL: three roles and a database of their own, deploy/install.sh, the
# built command-line tools with node alone (no development tools installed), the server as the
# app's role, then a backup restored into a second database and served by an instance that sends
# no email. Names are unique to this run, and everything made is removed at the end.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
admin=${ADMIN_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
run=ci_$(date +%s)_$$
work=$(mktemp -d)
db=impartial_$run
restored=impartial_${run}_restored
owner=impartial_owner_$run
app=impartial_app_$run
retention=impartial_retention_$run
server=

say() { printf '\n== %s\n' "$*"; }
fail() {
	printf 'test-install: %s\n' "$*" >&2
	exit 1
}
sql() { psql "$1" -v ON_ERROR_STOP=1 -q -c "$2"; }
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null || true
	sql "$admin" "drop database if exists $db with (force)" || true
	sql "$admin" "drop database if exists $restored with (force)" || true
	for role in "$app" "$retention" "$owner"; do sql "$admin" "drop role if exists $role" || true; done
	rm -rf "$work"
}
trap cleanup EXIT

url() { echo "postgres://$1:secret-$1@127.0.0.1:5432/$2"; }
free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }
# Runs a command, expecting it to fail with `code` and to say `text`.
expect_refusal() {
	local code=$1 text=$2
	shift 2
	set +e
	out=$("$@" </dev/null 2>&1)
	got=$?
	set -e
	[ "$got" = "$code" ] || fail "expected exit $code from '$*', got $got: $out"
	grep -qF -- "$text" <<<"$out" || fail "expected '$text' from '$*', got: $out"
}

say "database roles and a database, as the README's SQL makes them"
sql "$admin" "create role $owner login password 'secret-$owner'"
sql "$admin" "create role $app login password 'secret-$app'"
sql "$admin" "create role $retention login password 'secret-$retention'"
sql "$admin" "create database $db owner $owner"
sql "${admin%/*}/$db" "alter schema public owner to $owner; revoke create on schema public from public"

say "a clean clone"
git clone --quiet "$repo" "$work/app"
port=$(free_port)
cat >"$work/impartial.env" <<ENV
ORIGIN=http://localhost:$port
HOST=127.0.0.1
PORT=$port
DATABASE_URL=$(url "$app" "$db")
MIGRATION_DATABASE_URL=$(url "$owner" "$db")
RETENTION_DATABASE_URL=$(url "$retention" "$db")
CONTENT_DIR=$work/content
MAIL_DISABLED=true
ENV

say "deploy/install.sh"
CHECK_PORT=$(free_port) "$work/app/deploy/install.sh" "$work/impartial.env"

cd "$work/app"
set -a
. "$work/impartial.env"
set +a
say "only what the server needs is installed"
[ ! -e node_modules/tsx ] && [ ! -e node_modules/vite ] && [ ! -e node_modules/svelte ] || fail "development tools are still installed"

say "the built command-line tools, with node alone"
node build/cli/content-check.js
expect_refusal 1 "already has files in it" node build/cli/content-init.js "$CONTENT_DIR"
expect_refusal 2 "set COORDINATOR_PASSWORD" node build/cli/create-coordinator.js --email first@example.org --name "First Coordinator"
COORDINATOR_PASSWORD='harbour lantern meadow' node build/cli/create-coordinator.js --email first@example.org --name "First Coordinator"
expect_refusal 2 "ORIGIN is not set" env -u ORIGIN node build/cli/reminders.js
node build/cli/reminders.js
DATABASE_URL=$RETENTION_DATABASE_URL node build/cli/retention.js --dry-run
node build/cli/migrate.js | grep -q "up to date" || fail "a second migrate changed something"
node build/cli/privacy-notice.js | grep -q "^# Privacy notice: " || fail "the privacy notice was not written"

say "the server as the app's role"
node build >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
	curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
	sleep 1
done
[ "$(curl -fsS "http://127.0.0.1:$port/healthz")" = '{"status":"ok"}' ] || fail "the server is not healthy: $(cat "$work/server.log")"
curl -fsS "http://127.0.0.1:$port/sign-in" | grep -q "Sign in" || fail "the sign-in page did not load"
grep -q '"msg":"request"' "$work/server.log" || fail "no request was logged"
kill -TERM "$server"
wait "$server" || true
server=

say "a backup, restored into a second database and served with no email"
pg_dump --format=custom --file="$work/impartial.dump" "$MIGRATION_DATABASE_URL"
sql "$admin" "create database $restored owner $owner"
pg_restore --clean --if-exists --no-owner --role="$owner" --dbname="$(url "$owner" "$restored")" "$work/impartial.dump"
restore_port=$(free_port)
DATABASE_URL=$(url "$owner" "$restored") MIGRATION_DATABASE_URL= RETENTION_DATABASE_URL= PORT=$restore_port \
	ORIGIN=http://localhost:$restore_port MAIL_DISABLED=true node build >"$work/restored.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
	curl -fsS "http://127.0.0.1:$restore_port/healthz" >/dev/null 2>&1 && break
	sleep 1
done
curl -fsS "http://127.0.0.1:$restore_port/healthz" >/dev/null || fail "the restored copy is not healthy: $(cat "$work/restored.log")"
grep -q "MAIL_DISABLED is set" "$work/restored.log" || fail "the restored copy did not say it sends no email"
[ "$(psql "$(url "$owner" "$restored")" -tAc "select count(*) from person where email = 'first@example.org'")" = 1 ] ||
	fail "the restored copy lacks the coordinator"
kill -TERM "$server"
wait "$server" || true
server=

echo
echo "install test: passed"
