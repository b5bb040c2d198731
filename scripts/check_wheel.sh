#!/usr/bin/env bash
# Proves the wheel runs on a machine with only Python: install dist/ecandidat-*.whl (with
# its dependencies) in a fresh venv, run `ecandidat demo` in an empty folder with no Node,
# Bun or checkout reachable, then fetch / and /api/health and send one websocket event.
# Usage: scripts/check_wheel.sh [port]   (make dist first). Takes 1-3 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
PORT=${1:-8150}
WHEEL=$(ls -t dist/ecandidat-*.whl | head -1)
WORK=$(mktemp -d /tmp/ecandidat-wheel.XXXXXX)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill -- -"$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    sleep 1
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== venv neuf et installation de $WHEEL (avec ses dépendances)"
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install -q "$WHEEL" 2>&1 | { grep -v "^WARNING: Location" || true; }

echo "== ecandidat demo dans un dossier vide, sans node/bun dans le PATH, port $PORT"
mkdir "$WORK/empty" "$WORK/home"
SMTP_PORT=$((PORT + 1))
( cd "$WORK/empty" && exec setsid env -i PATH="$WORK/venv/bin" HOME="$WORK/home" LANG=C.UTF-8 \
    ECANDIDAT_BACKEND_PORT="$PORT" ECANDIDAT_BASE_URL="http://localhost:$PORT" \
    ECANDIDAT_SMTP_PORT="$SMTP_PORT" "$WORK/venv/bin/ecandidat" demo ) >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then cat "$WORK/server.log"; echo "ÉCHEC : le serveur s'est arrêté"; exit 1; fi
  sleep 1
done
curl -fsS "http://127.0.0.1:$PORT/api/health"; echo
curl -fsS "http://127.0.0.1:$PORT/" | grep -q '<div' || { echo "ÉCHEC : / ne sert pas le frontend"; exit 1; }
echo "/ sert le frontend exporté"
curl -fsSL "http://127.0.0.1:$PORT/formations" | grep -q "<div" || { echo "ÉCHEC : /formations"; exit 1; }
test -f "$WORK/empty/var/ecandidat.db" || { echo "ÉCHEC : pas de base SQLite de démo"; exit 1; }
"$REPO/.venv/bin/python" -m loadtest.smoke --url "http://127.0.0.1:$PORT"
echo "OK : le wheel démarre la démo sans étape JavaScript"
