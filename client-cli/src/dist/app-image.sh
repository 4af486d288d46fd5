#!/usr/bin/env bash
# Wraps the client's uber-jar in a jpackage app image with a jlink-trimmed Java runtime, so the client runs on a
# machine without Java: target/dist/fedblend-client/bin/fedblend-client. The TensorFlow native library travels
# inside the jar; JavaCPP unpacks it to ~/.javacpp/cache on first use.
# Called by the `dist` Maven profile (./mvnw -B -pl client-cli -am -Pdist -DskipTests package).
set -euo pipefail

target=${1:?usage: app-image.sh TARGET_DIR JAR VERSION}
jar=${2:?usage: app-image.sh TARGET_DIR JAR VERSION}
version=${3:?usage: app-image.sh TARGET_DIR JAR VERSION}

# What the client needs of the JDK (checked with jdeps and by running every command on the trimmed runtime):
# java.naming/java.management/java.logging for Quarkus and JBoss logging, java.net.http for `history`,
# jdk.unsupported for Netty and JavaCPP, jdk.zipfs for the jar's own resources, jdk.crypto.ec for TLS.
modules=java.base,java.logging,java.management,java.naming,java.net.http,java.xml,jdk.unsupported,jdk.zipfs,jdk.crypto.ec

jdk_bin=${JAVA_HOME:+$JAVA_HOME/bin/}
input="$target/dist-input"
rm -rf "$target/dist" "$input"
mkdir -p "$input"
cp "$jar" "$input/"

# jpackage wants a plain numeric version
app_version=$(printf '%s' "$version" | sed -E 's/^([0-9]+(\.[0-9]+){0,2}).*/\1/')

"${jdk_bin}jpackage" \
  --type app-image \
  --name fedblend-client \
  --app-version "$app_version" \
  --description "FedBlend federated learning client" \
  --vendor FedBlend \
  --dest "$target/dist" \
  --input "$input" \
  --main-jar "$(basename "$jar")" \
  --add-modules "$modules" \
  --jlink-options "--strip-debug --no-man-pages --no-header-files --compress=2"

rm -rf "$input"
echo "app image: $target/dist/fedblend-client ($(du -sh "$target/dist/fedblend-client" | cut -f1)); run $target/dist/fedblend-client/bin/fedblend-client --help"
