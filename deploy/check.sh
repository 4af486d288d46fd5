#!/usr/bin/env bash
# Offline checks of deploy/: no container engine and no cluster needed.
#   - every YAML and JSON file under deploy/ parses;
#   - the kustomizations (base, overlays/demo, overlays/cloud) render with `kubectl kustomize`;
#   - each rendering validates against the Kubernetes OpenAPI schemas (npm kubernetes-models) and strictly
#     against the Kubernetes Java client's models (unknown or missing required fields are errors);
#   - the fields that matter are asserted: images, ports and port names, probes, env and the Secrets and
#     ConfigMaps it refers to, volumes, the server's single replica and Recreate strategy, the demo's client Job,
#     the cloud overlay's TLS;
#   - the validators themselves refuse deliberately broken manifests;
#   - the Dockerfiles lint clean (npm dockerfile-utils) and hold what the images need;
#   - compose.yaml validates against the Compose schema and is wired as FedBlend needs;
#   - railway.json points at the server Dockerfile, starts it as the image does, and checks readiness.
# Tools are installed on first use (npm packages into deploy/check/node_modules, the Java client's jars into the
# local Maven repository, kubectl from apt if missing) and reused afterwards.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
TOOLS=deploy/.tools
CHECK=deploy/check
mkdir -p "$TOOLS/rendered"

say() { printf '%s\n' "$*"; }

apt_install() {
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    say "deploy checks: $1 is missing and cannot be installed here (needs root and apt-get)" >&2
    exit 1
  fi
  say "installing $* with apt-get"
  apt-get install -y -q "$@" >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q "$@" >/dev/null; }
}

stamp_of() { cat "$@" | sha256sum | cut -c1-16; }

# --- tools -------------------------------------------------------------------------------------------------
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
command -v kubectl >/dev/null || apt_install kubernetes-client
command -v java >/dev/null && command -v javac >/dev/null || { say "deploy checks: a JDK (java, javac) is required" >&2; exit 1; }

npm_stamp=$(stamp_of "$CHECK/package.json")
if [ "$(cat "$CHECK/node_modules/.fedblend-stamp" 2>/dev/null)" != "$npm_stamp" ]; then
  say "installing npm packages for the checks (deploy/check/package.json)"
  npm install --prefix "$CHECK" --no-progress --loglevel=error >/dev/null
  echo "$npm_stamp" > "$CHECK/node_modules/.fedblend-stamp"
fi

java_stamp=$(stamp_of "$CHECK/pom.xml" "$CHECK/StrictManifests.java")
classpath_file="$TOOLS/k8s-classpath.txt"
if [ "$(cat "$TOOLS/strict.stamp" 2>/dev/null)" != "$java_stamp" ] \
    || ! tr ':' '\n' < "$classpath_file" | xargs -r ls >/dev/null 2>&1; then
  say "resolving the Kubernetes Java client for strict validation (deploy/check/pom.xml)"
  ./mvnw -B -q -f "$CHECK/pom.xml" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile="$ROOT/$classpath_file" >/dev/null
  rm -rf "$TOOLS/strict-classes"
  javac -nowarn -d "$TOOLS/strict-classes" -cp "$(cat "$classpath_file")" "$CHECK/StrictManifests.java"
  echo "$java_stamp" > "$TOOLS/strict.stamp"
fi
strict_cp="$TOOLS/strict-classes:$(cat "$classpath_file")"

# --- checks --------------------------------------------------------------------------------------------------
passed=0
failed=0
check() {
  local name=$1 out
  shift
  if out=$("$@" 2>&1); then
    passed=$((passed + 1))
    say "ok    $name"
  else
    failed=$((failed + 1))
    say "FAIL  $name"
  fi
  [ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/      /'
}
node_check() { node "$CHECK/check.mjs" "$@"; }
refused() { ! "$@"; }

mapfile -t data_files < <(find deploy \( -path deploy/.tools -o -path "$CHECK/node_modules" \) -prune -o \
  -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -print | sort)
check "every YAML and JSON file under deploy/ parses (${#data_files[@]} files)" node_check parse "${data_files[@]}"

rendered=()
for variant in base demo cloud; do
  dir=deploy/k8s/base
  [ "$variant" = base ] || dir=deploy/k8s/overlays/$variant
  out="$TOOLS/rendered/$variant.yaml"
  rm -f "$out"
  if check "kustomize renders $dir" kubectl kustomize "$dir" -o "$out"; then
    rendered+=("$out")
    check "k8s schema ($variant): $out" node_check schema "$out"
    check "k8s assertions ($variant)" node_check manifests "$out" "$variant"
  fi
done
# One JVM for all renderings: starting it is the slow part.
[ "${#rendered[@]}" -eq 0 ] || check "k8s strict fields: ${rendered[*]}" java -cp "$strict_cp" StrictManifests "${rendered[@]}"

check "schema validator refuses broken objects" node_check schema-rejects-broken
check "strict validator refuses $CHECK/fixtures/broken-manifests.yaml" \
  refused java -cp "$strict_cp" StrictManifests "$CHECK/fixtures/broken-manifests.yaml"
if [ -f "$TOOLS/rendered/demo.yaml" ]; then
  check "assertions report broken copies of the demo rendering" \
    node_check manifests-reject-broken "$TOOLS/rendered/demo.yaml" demo
fi

for image in server client; do
  check "dockerfile lint: deploy/docker/$image.Dockerfile" node_check dockerfile-lint "deploy/docker/$image.Dockerfile"
  check "dockerfile contents: $image image" node_check dockerfile "deploy/docker/$image.Dockerfile" "$image" "$ROOT"
done
check "compose: deploy/compose.yaml" node_check compose deploy/compose.yaml
check "railway: deploy/railway/railway.json" node_check railway deploy/railway/railway.json "$ROOT"

say "deploy checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
