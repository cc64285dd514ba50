#!/usr/bin/env bash
# Makes the servers already on this machine match the URLs of docker-compose.yml, for machines
# without a Docker engine. Idempotent: a second run finds everything in place and changes nothing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="$ROOT/.local"
FERRETDB_VERSION="v1.24.1"
MAILPIT_VERSION="v1.33.1"
STRIPE_MOCK_VERSION="v0.203.0"
STRIPE_MOCK_PORT="${STRIPE_MOCK_PORT:-12111}"
PG_HOST="${PGHOST:-127.0.0.1}"
PG_PORT="${PGPORT:-5432}"
PG_SUPERUSER="${PG_SUPERUSER:-postgres}"
missing=()

say() { printf '\033[36m[provision]\033[0m %s\n' "$*"; }
warn() { printf '\033[33m[provision]\033[0m %s\n' "$*" >&2; }
port_open() { timeout 1 bash -c "</dev/tcp/$1/$2" 2>/dev/null; }
wait_port() {
  local host=$1 port=$2 seconds=$3
  for _ in $(seq 1 $((seconds * 4))); do port_open "$host" "$port" && return 0; sleep 0.25; done
  return 1
}
psql_super() { psql -v ON_ERROR_STOP=1 -qtA -h "$PG_HOST" -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres "$@"; }

# --- PostgreSQL: role and database of backend-api -------------------------------------------------
provision_postgres() {
  if ! port_open "$PG_HOST" "$PG_PORT" && command -v pg_ctlcluster >/dev/null; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    wait_port "$PG_HOST" "$PG_PORT" 20 || true
  fi
  if ! port_open "$PG_HOST" "$PG_PORT"; then
    missing+=("PostgreSQL on $PG_HOST:$PG_PORT (install it: apt-get install postgresql, or run 'docker compose up -d postgres')")
    return
  fi
  if ! psql_super -c 'select 1' >/dev/null 2>&1; then
    missing+=("a PostgreSQL superuser: set PG_SUPERUSER (and PGPASSWORD) to a role that can create roles and databases")
    return
  fi
  if [ "$(psql_super -c "select 1 from pg_roles where rolname = 'ecommerce'")" != "1" ]; then
    say "creating PostgreSQL role ecommerce"
    psql_super -c "create role ecommerce login createdb password 'ecommerce_secret'"
  fi
  if [ "$(psql_super -c "select 1 from pg_database where datname = 'ecommerce_db'")" != "1" ]; then
    say "creating PostgreSQL database ecommerce_db"
    psql_super -c "create database ecommerce_db owner ecommerce"
  fi
  # FerretDB keeps its documents in this database (only used when no real MongoDB is available).
  if [ "$(psql_super -c "select 1 from pg_database where datname = 'analytics_ferretdb'")" != "1" ]; then
    say "creating PostgreSQL database analytics_ferretdb (FerretDB's storage)"
    psql_super -c "create database analytics_ferretdb"
  fi
  say "PostgreSQL ready: postgres://ecommerce:***@$PG_HOST:$PG_PORT/ecommerce_db"
}

# --- Redis -----------------------------------------------------------------------------------------
provision_redis() {
  if ! port_open 127.0.0.1 6379 && command -v redis-server >/dev/null; then
    say "starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir "$(mktemp -d)" --logfile "$LOCAL/redis.log" >/dev/null
    wait_port 127.0.0.1 6379 10 || true
  fi
  if port_open 127.0.0.1 6379; then say "Redis ready: redis://127.0.0.1:6379"; else
    missing+=("Redis on 127.0.0.1:6379 (apt-get install redis-server, or 'docker compose up -d redis')")
  fi
}

# --- RabbitMQ: user and management UI --------------------------------------------------------------
provision_rabbitmq() {
  if ! port_open 127.0.0.1 5672 && command -v rabbitmq-server >/dev/null; then
    say "starting RabbitMQ"
    rabbitmq-server -detached >/dev/null 2>&1 || true
    wait_port 127.0.0.1 5672 60 || true
  fi
  if ! port_open 127.0.0.1 5672; then
    missing+=("RabbitMQ on 127.0.0.1:5672 (apt-get install rabbitmq-server, or 'docker compose up -d rabbitmq')")
    return
  fi
  if ! command -v rabbitmqctl >/dev/null; then
    warn "rabbitmqctl not found: cannot check the user rabbitmq; create it yourself with password rabbitmq_secret"
    return
  fi
  rabbitmqctl -q await_startup >/dev/null 2>&1 || true
  if ! rabbitmqctl -q list_users 2>/dev/null | awk '{print $1}' | grep -qx rabbitmq; then
    say "creating RabbitMQ user rabbitmq"
    rabbitmqctl -q add_user rabbitmq rabbitmq_secret >/dev/null
    rabbitmqctl -q set_user_tags rabbitmq administrator >/dev/null
  fi
  if ! rabbitmqctl -q list_user_permissions rabbitmq 2>/dev/null | grep -q '^/\s'; then
    rabbitmqctl -q set_permissions -p / rabbitmq '.*' '.*' '.*' >/dev/null
  fi
  if command -v rabbitmq-plugins >/dev/null && rabbitmq-plugins list -e 2>/dev/null | grep -q rabbitmq_management; then
    :
  elif command -v rabbitmq-plugins >/dev/null && rabbitmq-plugins list 2>/dev/null | grep -q rabbitmq_management; then
    say "enabling the RabbitMQ management UI (port 15672)"
    rabbitmq-plugins enable rabbitmq_management >/dev/null 2>&1 || warn "could not enable rabbitmq_management"
  fi
  say "RabbitMQ ready: amqp://rabbitmq:***@127.0.0.1:5672 (management UI http://127.0.0.1:15672 when the plugin exists)"
}

# --- MongoDB: a real mongod if there is one, otherwise FerretDB on PostgreSQL ----------------------
ferretdb_bin="$LOCAL/bin/ferretdb"
build_ferretdb() {
  if [ -x "$ferretdb_bin" ] && "$ferretdb_bin" --version 2>/dev/null | grep -q "$FERRETDB_VERSION"; then return 0; fi
  if ! command -v go >/dev/null; then
    missing+=("MongoDB: no mongod and no Go toolchain to build FerretDB (install Go from https://go.dev/dl or run 'docker compose up -d mongodb')")
    return 1
  fi
  say "building FerretDB $FERRETDB_VERSION from the Go module proxy (once; about a minute)"
  local src build
  src="$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
  build="$(mktemp -d)"
  cp -r "$src/." "$build/"
  chmod -R u+w "$build"
  # A plain 'go install' panics without this file, which FerretDB's own build generates from git.
  echo "$FERRETDB_VERSION" >"$build/build/version/version.txt"
  mkdir -p "$LOCAL/bin"
  (cd "$build" && GOFLAGS=-mod=mod go build -o "$ferretdb_bin" ./cmd/ferretdb)
  rm -rf "$build"
}

provision_mongodb() {
  if port_open 127.0.0.1 27017; then
    say "MongoDB-compatible server already answers on 127.0.0.1:27017"
    return
  fi
  mkdir -p "$LOCAL"
  if command -v mongod >/dev/null; then
    say "starting mongod (data in .local/mongodb)"
    mkdir -p "$LOCAL/mongodb"
    mongod --dbpath "$LOCAL/mongodb" --bind_ip 127.0.0.1 --port 27017 --fork --logpath "$LOCAL/mongod.log" >/dev/null
    wait_port 127.0.0.1 27017 30 || true
    (cd "$ROOT/analytics-service" && node --input-type=module -e "
      import { MongoClient } from 'mongodb';
      const c = await new MongoClient('mongodb://127.0.0.1:27017').connect();
      const users = await c.db('admin').command({ usersInfo: 'analytics' });
      if (users.users.length === 0) await c.db('admin').command({ createUser: 'analytics', pwd: 'analytics_secret', roles: ['root'] });
      await c.close();") || warn "could not create the MongoDB user analytics"
    return
  fi
  build_ferretdb || return
  port_open "$PG_HOST" "$PG_PORT" || { missing+=("FerretDB needs PostgreSQL"); return; }
  say "starting FerretDB $FERRETDB_VERSION on 127.0.0.1:27017 (PostgreSQL backend, state in .local/ferretdb)"
  mkdir -p "$LOCAL/ferretdb"
  setsid nohup "$ferretdb_bin" \
    --handler=postgresql \
    --postgresql-url="postgres://$PG_SUPERUSER@$PG_HOST:$PG_PORT/analytics_ferretdb" \
    --listen-addr=127.0.0.1:27017 --debug-addr=127.0.0.1:0 \
    --state-dir="$LOCAL/ferretdb" --telemetry=disable --log-level=warn \
    --test-enable-new-auth \
    --setup-database=admin --setup-username=analytics --setup-password=analytics_secret \
    >>"$LOCAL/ferretdb/ferretdb.log" 2>&1 </dev/null &
  echo $! >"$LOCAL/ferretdb/ferretdb.pid"
  if wait_port 127.0.0.1 27017 30; then
    say "MongoDB (FerretDB) ready: mongodb://analytics:***@127.0.0.1:27017/analytics_db?authSource=admin"
  else
    missing+=("FerretDB did not start: see .local/ferretdb/ferretdb.log")
  fi
}

# --- Mailpit: the SMTP server and mailbox of development and tests ---------------------------------
mailpit_bin="$LOCAL/bin/mailpit"
build_mailpit() {
  if [ -x "$mailpit_bin" ] && "$mailpit_bin" version --no-release-check 2>/dev/null | grep -q " $MAILPIT_VERSION "; then return 0; fi
  if ! command -v go >/dev/null || ! command -v npm >/dev/null; then
    missing+=("Mailpit: building it needs Go and npm (install Go from https://go.dev/dl, or run 'docker compose up -d mailpit')")
    return 1
  fi
  say "building Mailpit $MAILPIT_VERSION from the Go module proxy (once; a few minutes)"
  local src build
  src="$(go mod download -json "github.com/axllent/mailpit@$MAILPIT_VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
  build="$(mktemp -d)"
  cp -r "$src/." "$build/"
  chmod -R u+w "$build"
  # The module holds the web UI's sources but not its bundle (server/ui/dist, made by Mailpit's release
  # build): without it the mailbox on :8025 is a blank page. Bundle it here with the module's own esbuild
  # config. Left out: the API reference page (/api/v1/), whose rapidoc 12 the npm registry we reach lacks,
  # and Mailpit's linters and test tools; the lockfile pins a sass-embedded that is gone, so ranges resolve.
  (cd "$build" && node -e '
    const fs = require("fs");
    const p = JSON.parse(fs.readFileSync("package.json", "utf8"));
    delete p.dependencies.rapidoc;
    const keep = ["esbuild", "esbuild-plugin-vue-next", "esbuild-sass-plugin", "@vue/compiler-sfc"];
    p.devDependencies = Object.fromEntries(Object.entries(p.devDependencies).filter(([k]) => keep.includes(k)));
    delete p.overrides;
    fs.writeFileSync("package.json", JSON.stringify(p, null, 2));' &&
    rm -f package-lock.json &&
    sed -i 's|entryPoints: \["server/ui-src/app.js", "server/ui-src/docs.js"\]|entryPoints: ["server/ui-src/app.js"]|' esbuild.config.mjs &&
    npm install --no-audit --no-fund --ignore-scripts --legacy-peer-deps --loglevel=error &&
    MINIFY=true node esbuild.config.mjs) >"$LOCAL/mailpit-build.log" 2>&1 || true
  [ -f "$build/server/ui/dist/app.js" ] || { rm -rf "$build"; missing+=("Mailpit's web UI did not build: see .local/mailpit-build.log"); return 1; }
  mkdir -p "$LOCAL/bin"
  (cd "$build" && go build -ldflags "-s -w -X github.com/axllent/mailpit/config.Version=$MAILPIT_VERSION" -o "$mailpit_bin" .)
  rm -rf "$build"
}

provision_mailpit() {
  # Built even when a Mailpit already answers: backend-api's SMTP outage test starts a private one from it.
  build_mailpit || return
  if port_open 127.0.0.1 1025 && port_open 127.0.0.1 8025; then
    say "Mailpit already answers: SMTP 127.0.0.1:1025, mailbox http://127.0.0.1:8025"
    return
  fi
  say "starting Mailpit $MAILPIT_VERSION (SMTP 127.0.0.1:1025, mailbox http://127.0.0.1:8025)"
  mkdir -p "$LOCAL/mailpit"
  setsid nohup "$mailpit_bin" --smtp 127.0.0.1:1025 --listen 127.0.0.1:8025 \
    --database "$LOCAL/mailpit/mailpit.db" --max 5000 --disable-version-check \
    >>"$LOCAL/mailpit/mailpit.log" 2>&1 </dev/null &
  echo $! >"$LOCAL/mailpit/mailpit.pid"
  if wait_port 127.0.0.1 1025 20 && wait_port 127.0.0.1 8025 20; then
    say "Mailpit ready: smtp://127.0.0.1:1025, mailbox http://127.0.0.1:8025"
  else
    missing+=("Mailpit did not start: see .local/mailpit/mailpit.log")
  fi
}

# --- stripe-mock: Stripe's official mock API, for the Stripe provider's tests --------------------------
stripe_mock_bin="$LOCAL/bin/stripe-mock"
provision_stripe_mock() {
  # The binary is built even when a stripe-mock already answers (another checkout's, or a Docker image's):
  # the sweeper's tests start one of their own with other fixtures (backend-api/test/support/stripe-mock.ts).
  if [ ! -x "$stripe_mock_bin" ] || [ "$(cat "$LOCAL/bin/stripe-mock.version" 2>/dev/null)" != "$STRIPE_MOCK_VERSION" ]; then
    if command -v go >/dev/null; then
      say "building stripe-mock $STRIPE_MOCK_VERSION from the Go module proxy (once; under a minute)"
      mkdir -p "$LOCAL/bin"
      GOBIN="$LOCAL/bin" go install "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION"
      echo "$STRIPE_MOCK_VERSION" >"$LOCAL/bin/stripe-mock.version"
    elif ! port_open 127.0.0.1 "$STRIPE_MOCK_PORT"; then
      missing+=("stripe-mock: building it needs Go (install Go from https://go.dev/dl, or 'docker run -p 12111:12111 stripe/stripe-mock')")
      return
    else
      say "stripe-mock answers, but without Go its binary cannot be built: the sweeper's fixture tests need STRIPE_MOCK_BIN"
    fi
  fi
  if port_open 127.0.0.1 "$STRIPE_MOCK_PORT"; then
    say "stripe-mock already answers on http://127.0.0.1:$STRIPE_MOCK_PORT"
    return
  fi
  say "starting stripe-mock $STRIPE_MOCK_VERSION on http://127.0.0.1:$STRIPE_MOCK_PORT (no https)"
  mkdir -p "$LOCAL/stripe-mock"
  setsid nohup "$stripe_mock_bin" -http-addr "127.0.0.1:$STRIPE_MOCK_PORT" \
    >>"$LOCAL/stripe-mock/stripe-mock.log" 2>&1 </dev/null &
  echo $! >"$LOCAL/stripe-mock/stripe-mock.pid"
  if wait_port 127.0.0.1 "$STRIPE_MOCK_PORT" 20; then
    say "stripe-mock ready: http://127.0.0.1:$STRIPE_MOCK_PORT"
  else
    missing+=("stripe-mock did not start: see .local/stripe-mock/stripe-mock.log")
  fi
}

mkdir -p "$LOCAL"
provision_postgres
provision_redis
provision_rabbitmq
provision_mongodb
provision_mailpit
provision_stripe_mock

if [ ${#missing[@]} -gt 0 ]; then
  warn "missing:"
  for m in "${missing[@]}"; do warn "  - $m"; done
  exit 1
fi
say "all infrastructure is ready"
