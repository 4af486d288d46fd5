#!/usr/bin/env bash
# Runs FedBlend's main job on this machine: a server that trains a fresh baseline and blends 5 rounds,
# and one client that trains on its private shard, over real gRPC, recorded in PostgreSQL.
#
#   deploy/local/run-blend.sh [--alpha 0.5] [--rounds 5] [--model cnn|mlp] [--epochs 1]
#                             [--server-shard 0:10000] [--client-shard 30000:60000] [--port 8080]
#
# Every flag also reads an env var (FEDBLEND_ALPHA, FEDBLEND_ROUNDS, FEDBLEND_MODEL, FEDBLEND_LOCAL_EPOCHS,
# FEDBLEND_SERVER_SHARD, FEDBLEND_CLIENT_SHARD, FEDBLEND_PORT). The database is QUARKUS_DATASOURCE_JDBC_URL
# (default jdbc:postgresql://127.0.0.1:5432/fedblend).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

alpha=${FEDBLEND_ALPHA:-0.5}
rounds=${FEDBLEND_ROUNDS:-5}
model=${FEDBLEND_MODEL:-cnn}
epochs=${FEDBLEND_LOCAL_EPOCHS:-1}
server_shard=${FEDBLEND_SERVER_SHARD:-0:10000}
client_shard=${FEDBLEND_CLIENT_SHARD:-30000:60000}
port=${FEDBLEND_PORT:-8080}

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }
value() { [ $# -ge 2 ] && [ -n "$2" ] || { echo "run-blend: $1 needs a value" >&2; usage >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    --alpha) value "$@"; alpha=$2; shift 2 ;;
    --rounds) value "$@"; rounds=$2; shift 2 ;;
    --model) value "$@"; model=$2; shift 2 ;;
    --epochs) value "$@"; epochs=$2; shift 2 ;;
    --server-shard) value "$@"; server_shard=$2; shift 2 ;;
    --client-shard) value "$@"; client_shard=$2; shift 2 ;;
    --port) value "$@"; port=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run-blend: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

work="$root/.fedblend"
mkdir -p "$work"
server_log="$work/server.log"
server_jar="$root/server-service/target/quarkus-app/quarkus-run.jar"
client_jar="$root/client-cli/target/quarkus-app/quarkus-run.jar"
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
export FEDBLEND_MODELS_DIR=${FEDBLEND_MODELS_DIR:-$root/models}

step() { printf '\n== %s\n' "$*"; }

# 1. Build what is not built yet.
if [ ! -f "$server_jar" ] || [ ! -f "$client_jar" ]; then
  step "Building (first run only, a few minutes; ./mvnw package -DskipTests, log in .fedblend/build.log)"
  ./mvnw -B -ntp package -DskipTests >"$work/build.log" 2>&1 || { tail -40 "$work/build.log"; echo "run-blend: build failed, full log in $work/build.log" >&2; exit 1; }
fi
client() { java -jar "$client_jar" "$@"; }

# 2. Obtain and verify MNIST.
step "MNIST"
client data fetch
client data verify

# 3. A PostgreSQL that answers.
step "PostgreSQL"
. "$root/deploy/local/postgres.sh"
ensure_postgres "$work"

# 4. Server (baseline + rounds), then one client.
step "Server: baseline on $server_shard, alpha $alpha, $rounds rounds, model $model (log: $server_log)"
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "run-blend: port $port is already in use; stop what listens there or pass --port" >&2; exit 1
fi
export FEDBLEND_SERVER_SHARD=$server_shard FEDBLEND_LOCAL_EPOCHS=$epochs
java -jar "$server_jar" --server-address "0.0.0.0:$port" --alpha "$alpha" --num-rounds "$rounds" --model "$model" \
  --create-baseline \
  >"$server_log" 2>&1 &
server_pid=$!
stop_server() {
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap stop_server EXIT

# Wait until the server listens; if it exits first (bad setting, no database), show why.
for _ in $(seq 1 240); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "run-blend: the server stopped during its start; from $server_log:" >&2
    grep -E "ERROR|Usage|must|Cannot|refused" "$server_log" | grep -v "^\s*at " | head -15 >&2 || tail -20 "$server_log" >&2
    exit 1
  fi
  # A server refusing its settings may still open the port for a moment: it must stay up to count.
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && sleep 2 && kill -0 "$server_pid" 2>/dev/null && break
  sleep 0.5
done
step "Client: training on $client_shard"
client train --server-address "localhost:$port" --shard "$client_shard" --client-id local-client

# 5. The table.
step "Results"
client history --url "http://localhost:$port"
client history --url "http://localhost:$port" --json >"$work/last-run.json"
if command -v python3 >/dev/null 2>&1; then
  python3 "$root/deploy/local/summary.py" "$work/last-run.json"
fi
client compare --models "$FEDBLEND_MODELS_DIR"

# 6. Stop the server cleanly and say where things are.
stop_server
trap - EXIT
step "Done"
echo "Models:       $FEDBLEND_MODELS_DIR"
echo "Database:     $QUARKUS_DATASOURCE_JDBC_URL (tables training_run, round_result)"
echo "Server log:   $server_log"
echo "Round JSON:   $work/last-run.json"
echo "REST history: http://localhost:$port/api/runs/latest/rounds (while a server runs)"
