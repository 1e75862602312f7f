# Sourced by every script: paths, progress output, installing what is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
step() { printf '\n==> %s\n' "$*"; }

# need_apt CMD PKG...: installs the Debian packages when CMD is not on PATH.
_apt_updated=""
need_apt() {
  local cmd="$1"; shift
  command -v "$cmd" >/dev/null 2>&1 && return 0
  step "installing $* (apt)"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  if [ -z "$_apt_updated" ]; then $sudo apt-get update -qq; _apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
