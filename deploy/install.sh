#!/usr/bin/env bash
# Installs or upgrades Impartial for production in the folder this script belongs to, as the
# README's "Production" section describes: build (when this is a source checkout), install the
# packages without development tools, check the service's content, migrate the database as its
# owner, then start the server as the app's role and check its health.
#
#   deploy/install.sh /etc/impartial/impartial.env
#
# The environment file names the database roles, ORIGIN and CONTENT_DIR (see
# deploy/impartial.env.example). With a systemd unit called impartial installed, the service is
# restarted and checked; without one, a trial server is started on CHECK_PORT, checked and stopped.
set -euo pipefail
cd "$(dirname "$0")/.."

env_file=${1:-/etc/impartial/impartial.env}
say() { printf '\n== %s\n' "$*"; }
fail() {
	printf 'install: %s\n' "$*" >&2
	exit 1
}

[ -r "$env_file" ] || fail "cannot read $env_file (copy deploy/impartial.env.example there and fill it in)"
set -a
# shellcheck source=/dev/null
. "$env_file"
set +a

say "checking what this install needs"
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' ||
	fail "Node.js 20.19 or later is needed; this is $(node --version)"
for name in DATABASE_URL ORIGIN CONTENT_DIR; do
	[ -n "${!name:-}" ] || fail "$name is not set in $env_file"
done
[ -n "${MIGRATION_DATABASE_URL:-}" ] ||
	echo "MIGRATION_DATABASE_URL is not set: migrations run through DATABASE_URL, whose role must then own the schema."
case "$CONTENT_DIR" in
/*) ;;
*) fail "CONTENT_DIR must be an absolute path outside the app, such as /srv/impartial/content" ;;
esac

if [ -d src ]; then
	say "building (a source checkout: development tools are installed for the build, then removed)"
	npm ci --no-audit --no-fund
	npm run build
else
	[ -f build/index.js ] && [ -f build/cli/migrate.js ] || fail "no build/ here: use a release, or a source checkout"
fi

say "installing the packages the server needs, without development tools"
npm ci --omit=dev --no-audit --no-fund

say "the service's content in $CONTENT_DIR"
if [ ! -e "$CONTENT_DIR/service.yml" ]; then
	node build/cli/content-init.js "$CONTENT_DIR"
	echo "Edit $CONTENT_DIR/service.yml before people use the service."
fi
node build/cli/content-check.js

say "migrating the database as its owner, and granting the app and retention roles what they need"
node build/cli/migrate.js

health() {
	node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1"
}
wait_healthy() {
	for _ in $(seq 1 60); do
		health "$1" && return 0
		sleep 1
	done
	return 1
}

if command -v systemctl >/dev/null 2>&1 && systemctl cat impartial.service >/dev/null 2>&1; then
	say "restarting the impartial service"
	systemctl restart impartial.service
	wait_healthy "http://127.0.0.1:${PORT:-3000}/healthz" || fail "the service did not become healthy: journalctl -u impartial"
	echo "The service is running and healthy."
else
	port=${CHECK_PORT:-3999}
	say "starting a trial server as the app's role on port $port (it sends no email)"
	PORT=$port MAIL_DISABLED=true node build >"${TMPDIR:-/tmp}/impartial-install-check.log" 2>&1 &
	server=$!
	trap 'kill "$server" 2>/dev/null || true' EXIT
	if ! wait_healthy "http://127.0.0.1:$port/healthz"; then
		cat "${TMPDIR:-/tmp}/impartial-install-check.log" >&2
		fail "the server did not become healthy"
	fi
	kill -TERM "$server"
	wait "$server" || true
	trap - EXIT
	echo "Installed and healthy. Start it with: node build (see deploy/impartial.service)."
fi
