# shellcheck shell=bash
# Shared helpers for scripts/test and scripts/bench-api. Source it; it defines
# functions only (plus VIGIL_ROOT) and changes no shell options.

VIGIL_ROOT="${VIGIL_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"

vigil_log() { printf '==> %s\n' "$*" >&2; }
vigil_warn() { printf 'warning: %s\n' "$*" >&2; }
vigil_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# vigil_apt_install PKG...: installs Debian packages (root, or sudo when present).
# Runs `apt-get update` first when the package lists are empty or the install fails.
vigil_apt_install() {
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || vigil_die "need root (or sudo) to apt-get install $*"
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! compgen -G '/var/lib/apt/lists/*_Packages' >/dev/null; then
    "${sudo[@]}" apt-get update -q
  fi
  if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "$@"; then
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "$@"
  fi
}

# vigil_ensure_venv: creates or refreshes $VIGIL_ROOT/.venv from requirements-test.txt.
# The install is skipped when the requirements file (and the base python) did not
# change since the last successful install. Prints the venv's python path on stdout.
vigil_ensure_venv() {
  local venv="$VIGIL_ROOT/.venv" req="$VIGIL_ROOT/requirements-test.txt"
  local stamp="$venv/.requirements.sha256" want
  [[ -f $req ]] || vigil_die "missing $req"
  command -v python3 >/dev/null 2>&1 || vigil_die "python3 is required"
  want="$({ sha256sum "$req" | cut -d' ' -f1; python3 -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)"

  if [[ -x $venv/bin/python && -f $stamp && "$(cat "$stamp")" == "$want" ]] \
     && "$venv/bin/python" -c 'import awscli, boto3, botocore, pytest' >/dev/null 2>&1; then
    vigil_log "python venv up to date ($venv)"
    printf '%s\n' "$venv/bin/python"
    return 0
  fi

  if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1 \
     || ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    rm -rf "$venv"
    vigil_log "creating python venv $venv"
    if ! python3 -m venv "$venv" >&2; then
      # Debian's own python3 ships venv/ensurepip separately.
      rm -rf "$venv"
      vigil_log "python3 -m venv failed; installing python3-venv"
      vigil_apt_install python3-venv >&2
      python3 -m venv "$venv" >&2
    fi
  fi
  vigil_log "installing $req into $venv"
  rm -f "$stamp"
  "$venv/bin/python" -m pip install --disable-pip-version-check -q -r "$req" >&2
  printf '%s\n' "$want" >"$stamp"
  printf '%s\n' "$venv/bin/python"
}

# vigil_free_port: prints a TCP port that was free on 127.0.0.1 a moment ago.
vigil_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# vigil_wait_healthy URL SECONDS PID: waits for GET URL to answer 200 while PID lives.
vigil_wait_healthy() {
  local url="$1" secs="$2" pid="$3" i
  for ((i = 0; i < secs * 10; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    if python3 - "$url" <<'EOF' >/dev/null 2>&1; then return 0; fi
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=1) as r:
    sys.exit(0 if r.status == 200 else 1)
EOF
    sleep 0.1
  done
  return 1
}

# vigil_stop_pid PID [SECONDS]: SIGTERM, wait, then SIGKILL. Only for processes we started.
vigil_stop_pid() {
  local pid="$1" secs="${2:-15}" i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < secs * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  vigil_warn "pid $pid did not stop after SIGTERM; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}
