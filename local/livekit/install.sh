#!/usr/bin/env bash
# Installs the real LiveKit server (and Redis, which its SIP API needs) for the differential tests and for
# `./stack start --livekit real`. Idempotent: a pinned binary already in place is kept, so the Go build is paid once
# per clone (a fresh clone rebuilds, but from Go's module and build caches on the machine: about 6 s).
# Nothing is downloaded but Debian's redis-server and Go modules (through the Go module proxy).
#
#   local/livekit/install.sh            install what is missing
#   local/livekit/install.sh --check    exit 0 when both are installed, 1 otherwise (no install)
#
# Without Go (or when the build fails) it says so and exits 0: the tests that need the server skip themselves.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Newest tag that `go install` can build here: v1.13.6 to v1.13.11 replace pion modules with LiveKit forks, which
# `go install pkg@version` refuses and the module proxy does not serve either (see local/livekit/README.md).
LIVEKIT_VERSION="v1.13.5"
BIN_DIR="$ROOT/.local/tools/bin"
BIN="$BIN_DIR/livekit-server-$LIVEKIT_VERSION"

check() { command -v redis-server >/dev/null 2>&1 && [ -x "$BIN" ]; }
if [ "${1:-}" = "--check" ]; then check; exit; fi

if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "livekit/install: installing redis-server from Debian" >&2
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }; then
      echo "livekit/install: apt-get could not install redis-server: real-LiveKit tests will skip" >&2
    fi
  else
    echo "livekit/install: redis-server missing and apt-get not usable as this user: real-LiveKit tests will skip" >&2
  fi
fi

if [ -x "$BIN" ]; then
  echo "livekit/install: livekit-server $LIVEKIT_VERSION already installed" >&2
elif ! command -v go >/dev/null 2>&1; then
  echo "livekit/install: go not found: livekit-server not built, real-LiveKit tests will skip" >&2
else
  mkdir -p "$BIN_DIR"
  # go install names the binary after its package directory (cmd/server); build into a private GOBIN and move it
  # under a versioned name, so a bumped pin rebuilds and a half-written binary is never taken for a finished one.
  tmp="$(mktemp -d "$BIN_DIR/.build.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  echo "livekit/install: building livekit-server $LIVEKIT_VERSION with $(go version | cut -d' ' -f3) (several minutes)" >&2
  start=$(date +%s)
  if GOBIN="$tmp" GOFLAGS=-buildvcs=false go install "github.com/livekit/livekit-server/cmd/server@$LIVEKIT_VERSION"; then
    mv "$tmp/server" "$BIN"
    echo "livekit/install: built in $(( $(date +%s) - start )) s" >&2
  else
    echo "livekit/install: go install of livekit-server $LIVEKIT_VERSION failed: real-LiveKit tests will skip" >&2
  fi
fi
[ -x "$BIN" ] && ln -sfn "$(basename "$BIN")" "$BIN_DIR/livekit-server"
check || true
