#!/usr/bin/env bash
# Installs the Docker Compose CLI plugin when the docker client has none (as on machines without a
# Docker engine), so that `docker compose config` can validate docker-compose.yml. Built from the
# Go module proxy; idempotent.
set -euo pipefail
VERSION="v2.40.3"
if docker compose version >/dev/null 2>&1; then exit 0; fi
command -v go >/dev/null || { echo "install-compose: Go is needed to build the compose plugin" >&2; exit 1; }
echo "[install-compose] building docker compose $VERSION (once; a few minutes)"
src="$(go mod download -json "github.com/docker/compose/v2@$VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
build="$(mktemp -d)"
cp -r "$src/." "$build/"
chmod -R u+w "$build"
# Built inside its own module: a plain `go install` refuses its go.mod exclude directives.
mkdir -p "$HOME/.docker/cli-plugins"
(cd "$build" && go build -o "$HOME/.docker/cli-plugins/docker-compose" ./cmd)
rm -rf "$build"
docker compose version
