# Sourced by run-blend.sh. ensure_postgres WORKDIR makes sure a PostgreSQL answers and that the
# FedBlend database exists, then exports QUARKUS_DATASOURCE_JDBC_URL / _USERNAME for the server.
#
# Order: the configured URL (QUARKUS_DATASOURCE_JDBC_URL), else 127.0.0.1:5432; if nothing answers and
# PostgreSQL's binaries are installed, a private throwaway cluster under WORKDIR/pg on port 55432.

pg_bin_dir() {
  local d
  for d in /usr/lib/postgresql/*/bin /usr/local/pgsql/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
}

# host and port out of jdbc:postgresql://host:port/db
jdbc_host() { sed -E 's#^jdbc:postgresql://([^:/?]+).*#\1#' <<<"$1"; }
jdbc_port() { local p; p=$(sed -nE 's#^jdbc:postgresql://[^:/?]+:([0-9]+).*#\1#p' <<<"$1"); echo "${p:-5432}"; }
jdbc_db() { sed -E 's#^jdbc:postgresql://[^/]+/([^?]+).*#\1#' <<<"$1"; }

answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

ensure_postgres() {
  local work=$1
  local url=${QUARKUS_DATASOURCE_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/fedblend}
  local user=${QUARKUS_DATASOURCE_USERNAME:-postgres}
  local host port db
  host=$(jdbc_host "$url"); port=$(jdbc_port "$url"); db=$(jdbc_db "$url")

  if ! answers "$host" "$port"; then
    if [ -n "${QUARKUS_DATASOURCE_JDBC_URL:-}" ]; then
      echo "run-blend: no PostgreSQL answers at $host:$port (QUARKUS_DATASOURCE_JDBC_URL=$url)." >&2
      echo "  Start it, or unset QUARKUS_DATASOURCE_JDBC_URL to use a local one." >&2
      exit 1
    fi
    local bin
    bin=$(pg_bin_dir || true)
    if [ -z "$bin" ]; then
      echo "run-blend: no PostgreSQL answers at 127.0.0.1:5432 and none is installed here." >&2
      echo "  Install it (Debian/Ubuntu: sudo apt-get install postgresql) and start it, or point" >&2
      echo "  QUARKUS_DATASOURCE_JDBC_URL / _USERNAME / _PASSWORD at a PostgreSQL you have." >&2
      exit 1
    fi
    start_private_cluster "$bin" "$work/pg"
    host=127.0.0.1; port=55432; user=postgres
    url="jdbc:postgresql://$host:$port/$db"
  fi
  echo "PostgreSQL answers at $host:$port"

  # Create the database when psql is at hand; otherwise it must exist already.
  if command -v psql >/dev/null 2>&1; then
    if ! psql -h "$host" -p "$port" -U "$user" -d postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
      psql -h "$host" -p "$port" -U "$user" -d postgres -qc "create database \"$db\"" && echo "created database $db"
    fi
  fi
  export QUARKUS_DATASOURCE_JDBC_URL=$url QUARKUS_DATASOURCE_USERNAME=$user
}

start_private_cluster() {
  local bin=$1 dir=$2
  local as=()
  # initdb refuses to run as root: run the cluster as the postgres user when we are root.
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "run-blend: running as root and there is no 'postgres' user for a private cluster" >&2; exit 1; }
    mkdir -p "$dir"; chown postgres "$dir"
    as=(runuser -u postgres --)
  fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    echo "Starting a private PostgreSQL cluster in $dir (port 55432)"
    "${as[@]}" "$bin/initdb" -D "$dir" -U postgres --auth=trust >"$dir.initdb.log" 2>&1 \
      || { cat "$dir.initdb.log" >&2; exit 1; }
  fi
  "${as[@]}" "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
    -o "-p 55432 -k $dir -c listen_addresses=127.0.0.1" start >/dev/null \
    || { tail -20 "$dir/server.log" >&2; exit 1; }
  echo "Private cluster started; stop it with: ${as[*]} $bin/pg_ctl -D $dir stop"
}
