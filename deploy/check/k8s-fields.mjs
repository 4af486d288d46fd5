// Asserts, on a rendered kustomization, the fields that make FedBlend work on a cluster: images, ports and the
// names that refer to them, probes, environment, Secrets and ConfigMaps referred to, volumes, and the server's
// invariants (one replica, Recreate, health endpoints). Variant-specific expectations: base, demo, cloud.
import { loadDocuments } from "./parse.mjs";

const WORKLOADS = new Set(["Deployment", "StatefulSet", "Job"]);
// Secrets the cloud overlay expects to be created by hand (kubectl create secret …), never rendered.
const CREATED_BY_HAND = { cloud: ["fedblend-db", "fedblend-server", "fedblend-tls"] };

export async function manifestCheck(file, variant) {
  const objects = loadDocuments(file);
  const problems = [];
  const ctx = { objects, variant, problems, find: (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name) };
  generic(ctx);
  server(ctx);
  postgres(ctx);
  variantSpecific(ctx);
  console.log(`  ${objects.length} objects: ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(", ")}`);
  return problems;
}

function podSpecOf(workload) {
  return workload.spec?.template?.spec ?? {};
}

function generic({ objects, variant, problems, find }) {
  const secretKeys = (name) => {
    const secret = find("Secret", name);
    return secret ? new Set([...Object.keys(secret.stringData ?? {}), ...Object.keys(secret.data ?? {})]) : null;
  };
  const handMade = new Set(CREATED_BY_HAND[variant] ?? []);

  for (const secret of objects.filter((o) => o.kind === "Secret")) {
    if (!secret.metadata?.annotations?.["fedblend.io/example-values"]) {
      problems.push(`Secret/${secret.metadata.name} carries values but is not marked with fedblend.io/example-values`);
    }
  }

  for (const workload of objects.filter((o) => WORKLOADS.has(o.kind))) {
    const where = `${workload.kind}/${workload.metadata.name}`;
    const pod = podSpecOf(workload);
    const podLabels = workload.spec?.template?.metadata?.labels ?? {};
    for (const [key, value] of Object.entries(workload.spec?.selector?.matchLabels ?? {})) {
      if (podLabels[key] !== value) problems.push(`${where}: selector ${key}=${value} does not match the pod template's labels`);
    }
    if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${where}: pod does not set runAsNonRoot: true`);

    const volumes = new Set([
      ...(pod.volumes ?? []).map((v) => v.name),
      ...(workload.spec?.volumeClaimTemplates ?? []).map((t) => t.metadata.name),
    ]);
    for (const volume of pod.volumes ?? []) {
      const claim = volume.persistentVolumeClaim?.claimName;
      if (claim && !find("PersistentVolumeClaim", claim)) problems.push(`${where}: volume ${volume.name} claims missing PVC ${claim}`);
      const secretName = volume.secret?.secretName;
      if (secretName && !find("Secret", secretName) && !handMade.has(secretName) && secretName !== "fedblend-tls") {
        problems.push(`${where}: volume ${volume.name} mounts missing Secret ${secretName}`);
      }
    }

    for (const container of pod.containers ?? []) {
      const at = `${where} container ${container.name}`;
      const image = container.image ?? "";
      const tag = image.includes(":") ? image.slice(image.lastIndexOf(":") + 1) : "";
      if (!tag || tag === "latest") problems.push(`${at}: image '${image}' has no fixed tag`);
      if (!container.resources?.requests?.cpu || !container.resources?.requests?.memory) problems.push(`${at}: no cpu/memory requests`);
      if (!container.resources?.limits?.memory) problems.push(`${at}: no memory limit`);
      if (container.securityContext?.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation is not false`);

      const portNames = (container.ports ?? []).map((p) => p.name).filter(Boolean);
      if (new Set(portNames).size !== portNames.length) problems.push(`${at}: duplicate port names ${portNames}`);
      for (const probeName of ["startupProbe", "readinessProbe", "livenessProbe"]) {
        const port = container[probeName]?.httpGet?.port;
        if (typeof port === "string" && !portNames.includes(port)) problems.push(`${at}: ${probeName} uses unknown port name ${port}`);
      }

      for (const mount of container.volumeMounts ?? []) {
        if (!volumes.has(mount.name)) problems.push(`${at}: mounts undefined volume ${mount.name}`);
      }
      if (container.securityContext?.readOnlyRootFilesystem) {
        const tmp = (container.volumeMounts ?? []).find((m) => m.mountPath === "/tmp");
        if (!tmp) problems.push(`${at}: read-only root filesystem without a writable /tmp`);
      }

      for (const source of container.envFrom ?? []) {
        const cm = source.configMapRef?.name;
        if (cm && !find("ConfigMap", cm)) problems.push(`${at}: envFrom missing ConfigMap ${cm}`);
        const secret = source.secretRef?.name;
        if (secret && !find("Secret", secret) && !handMade.has(secret)) problems.push(`${at}: envFrom missing Secret ${secret}`);
      }
      for (const variable of container.env ?? []) {
        const ref = variable.valueFrom?.secretKeyRef;
        if (!ref) continue;
        const keys = secretKeys(ref.name);
        if (keys === null && !handMade.has(ref.name)) problems.push(`${at}: env ${variable.name} refers to missing Secret ${ref.name}`);
        if (keys !== null && !keys.has(ref.key)) problems.push(`${at}: env ${variable.name} refers to missing key ${ref.name}/${ref.key}`);
      }
    }
  }

  for (const service of objects.filter((o) => o.kind === "Service")) {
    const where = `Service/${service.metadata.name}`;
    const ports = service.spec?.ports ?? [];
    const names = ports.map((p) => p.name);
    if (new Set(names).size !== names.length) problems.push(`${where}: duplicate port names ${names}`);
    if (new Set(ports.map((p) => p.port)).size !== ports.length) problems.push(`${where}: duplicate port numbers`);
    const selected = objects.filter((o) => WORKLOADS.has(o.kind) && Object.entries(service.spec?.selector ?? {})
      .every(([k, v]) => o.spec?.template?.metadata?.labels?.[k] === v));
    if (selected.length === 0) {
      problems.push(`${where}: selector matches no pod template`);
      continue;
    }
    const containerPorts = selected.flatMap((w) => podSpecOf(w).containers.flatMap((c) => c.ports ?? []));
    for (const port of ports) {
      const target = port.targetPort ?? port.port;
      const hit = containerPorts.some((p) => p.name === target || p.containerPort === target);
      if (!hit) problems.push(`${where}: port ${port.name} targets ${target}, which no selected container exposes`);
    }
  }
}

function server({ objects, problems, find }) {
  const deployment = find("Deployment", "fedblend-server");
  if (!deployment) {
    problems.push("Deployment/fedblend-server is missing");
    return;
  }
  const where = "Deployment/fedblend-server";
  if (deployment.spec.replicas !== 1) problems.push(`${where}: replicas must be 1 (the server holds the round state)`);
  if (deployment.spec.strategy?.type !== "Recreate") problems.push(`${where}: strategy must be Recreate`);
  const container = podSpecOf(deployment).containers.find((c) => c.name === "server");
  if (!container) {
    problems.push(`${where}: no container named server`);
    return;
  }
  if (!/(^|\/)fedblend-server:/.test(container.image)) problems.push(`${where}: image ${container.image} is not fedblend-server`);
  const probePath = (probe) => container[probe]?.httpGet?.path;
  if (probePath("readinessProbe") !== "/q/health/ready") problems.push(`${where}: readinessProbe must GET /q/health/ready`);
  if (probePath("livenessProbe") !== "/q/health/live") problems.push(`${where}: livenessProbe must GET /q/health/live`);
  if (!container.startupProbe) problems.push(`${where}: no startupProbe (a slow first start would be killed by the liveness probe)`);

  const env = new Map((container.env ?? []).map((v) => [v.name, v]));
  const configMaps = (container.envFrom ?? []).map((s) => s.configMapRef?.name).filter(Boolean).map((n) => find("ConfigMap", n)).filter(Boolean);
  const configured = new Set([...env.keys(), ...configMaps.flatMap((cm) => Object.keys(cm.data ?? {}))]);
  const secrets = (container.envFrom ?? []).map((s) => s.secretRef?.name).filter(Boolean);
  for (const key of ["FEDBLEND_ALPHA", "FEDBLEND_ROUNDS", "FEDBLEND_MODELS_DIR", "FEDBLEND_DATA_DIR"]) {
    if (!configured.has(key)) problems.push(`${where}: ${key} is not configured`);
  }
  if (!secrets.includes("fedblend-server")) problems.push(`${where}: tokens Secret fedblend-server is not in envFrom`);
  const serverSecret = find("Secret", "fedblend-server");
  if (serverSecret && !serverSecret.stringData?.FEDBLEND_TOKENS && !serverSecret.data?.FEDBLEND_TOKENS) {
    problems.push("Secret/fedblend-server has no FEDBLEND_TOKENS");
  }
  if (env.get("DATABASE_URL")?.valueFrom?.secretKeyRef?.name !== "fedblend-db") problems.push(`${where}: DATABASE_URL must come from Secret fedblend-db`);
  for (const cm of configMaps) {
    if (cm.data?.QUARKUS_DATASOURCE_JDBC_URL) problems.push(`ConfigMap/${cm.metadata.name}: QUARKUS_DATASOURCE_JDBC_URL would override DATABASE_URL`);
  }

  const models = (container.volumeMounts ?? []).find((m) => m.mountPath === "/data/models");
  const modelsVolume = podSpecOf(deployment).volumes?.find((v) => v.name === models?.name);
  if (!modelsVolume?.persistentVolumeClaim) problems.push(`${where}: /data/models is not on a PersistentVolumeClaim`);

  const service = find("Service", "fedblend-server");
  if (!service) problems.push("Service/fedblend-server is missing");
}

function postgres({ problems, find }) {
  const statefulSet = find("StatefulSet", "fedblend-postgres");
  if (!statefulSet) return;
  const where = "StatefulSet/fedblend-postgres";
  const headless = find("Service", statefulSet.spec.serviceName);
  if (headless?.spec?.clusterIP !== "None") problems.push(`${where}: serviceName ${statefulSet.spec.serviceName} is not a headless Service`);
  if (!(statefulSet.spec.volumeClaimTemplates ?? []).length) problems.push(`${where}: no volumeClaimTemplates`);
  const container = podSpecOf(statefulSet).containers[0];
  if (!container.readinessProbe || !container.livenessProbe) problems.push(`${where}: probes missing`);
  const pgdata = (container.env ?? []).find((v) => v.name === "PGDATA")?.value ?? "";
  const dataMount = (container.volumeMounts ?? []).find((m) => m.name === "data")?.mountPath;
  if (!dataMount || !pgdata.startsWith(`${dataMount}/`)) problems.push(`${where}: PGDATA must be a subdirectory of the data volume`);

  // The example DATABASE_URL must point at this database with these credentials.
  const secret = find("Secret", "fedblend-db")?.stringData ?? {};
  let url;
  try {
    url = new URL(secret.DATABASE_URL);
  } catch {
    problems.push("Secret/fedblend-db: DATABASE_URL is not a URL");
    return;
  }
  const expected = {
    host: headless?.metadata?.name, port: "5432", user: secret.POSTGRES_USER,
    password: secret.POSTGRES_PASSWORD, database: secret.POSTGRES_DB,
  };
  const actual = {
    host: url.hostname, port: url.port || "5432", user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password), database: url.pathname.slice(1),
  };
  for (const key of Object.keys(expected)) {
    if (expected[key] === actual[key]) continue;
    const shown = key === "password" ? "" : ` ('${actual[key]}', expected '${expected[key]}')`;
    problems.push(`Secret/fedblend-db: the ${key} in DATABASE_URL differs from the database's${shown}`);
  }
}

function variantSpecific({ objects, variant, problems, find }) {
  const service = find("Service", "fedblend-server");
  const ports = service?.spec?.ports ?? [];
  const container = podSpecOf(find("Deployment", "fedblend-server") ?? {}).containers?.find((c) => c.name === "server");
  if (variant === "base" || variant === "demo") {
    const http = ports.find((p) => p.port === 8080);
    if (http?.appProtocol !== "kubernetes.io/h2c") problems.push("Service/fedblend-server: port 8080 with appProtocol kubernetes.io/h2c expected (gRPC over HTTP/2)");
    if (!container?.ports?.some((p) => p.containerPort === 8080)) problems.push("server container must expose 8080");
  }
  if (variant === "demo") {
    for (const object of objects.filter((o) => o.kind !== "Namespace")) {
      if (object.metadata.namespace !== "fedblend-demo") problems.push(`${object.kind}/${object.metadata.name}: not in namespace fedblend-demo`);
    }
    if (!find("Namespace", "fedblend-demo")) problems.push("Namespace fedblend-demo missing");
    if (service?.spec?.type !== "NodePort" || !ports.some((p) => p.nodePort === 30080)) problems.push("demo: Service must be NodePort 30080");
    clientJob({ problems, find, service });
  }
  if (variant === "cloud") {
    for (const kind of ["Secret", "StatefulSet"]) {
      if (objects.some((o) => o.kind === kind)) problems.push(`cloud: no ${kind} expected (example Secrets and in-cluster PostgreSQL are left out)`);
    }
    if (service?.spec?.type !== "LoadBalancer" || !ports.some((p) => p.port === 443 && p.targetPort === "https")) {
      problems.push("cloud: Service must be a LoadBalancer on 443 targeting https");
    }
    const env = new Map((container?.env ?? []).map((v) => [v.name, v.value]));
    const tlsMount = container?.volumeMounts?.find((m) => m.name === "tls")?.mountPath;
    for (const key of ["QUARKUS_HTTP_SSL_CERTIFICATE_FILES", "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES"]) {
      if (!tlsMount || !env.get(key)?.startsWith(`${tlsMount}/`)) problems.push(`cloud: ${key} must point into the tls volume`);
    }
    for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
      if (container?.[probe]?.httpGet?.scheme !== "HTTPS") problems.push(`cloud: ${probe} must use HTTPS once the plain port is closed`);
    }
    if (env.get("QUARKUS_HTTP_INSECURE_REQUESTS") !== "disabled") problems.push("cloud: the plain HTTP port must be disabled");
  }
}

function clientJob({ problems, find, service }) {
  const job = find("Job", "fedblend-client");
  if (!job) {
    problems.push("demo: Job/fedblend-client missing");
    return;
  }
  const container = podSpecOf(job).containers[0];
  if (!/(^|\/)fedblend-client:/.test(container.image)) problems.push(`Job/fedblend-client: image ${container.image} is not fedblend-client`);
  if (podSpecOf(job).restartPolicy !== "Never" && podSpecOf(job).restartPolicy !== "OnFailure") problems.push("Job/fedblend-client: restartPolicy");
  const args = container.args ?? [];
  const address = args[args.indexOf("--server-address") + 1] ?? "";
  const [host, port] = address.split(":");
  if (host !== service?.metadata?.name || !service.spec.ports.some((p) => String(p.port) === port)) {
    problems.push(`Job/fedblend-client: --server-address ${address} is not the server Service and one of its ports`);
  }
  const tokenVariable = (container.env ?? []).find((v) => args[args.indexOf("--token") + 1] === `$(${v.name})`);
  const ref = tokenVariable?.valueFrom?.secretKeyRef;
  const token = ref && find("Secret", ref.name)?.stringData?.[ref.key];
  const accepted = (find("Secret", "fedblend-server")?.stringData?.FEDBLEND_TOKENS ?? "").split(",").map((t) => t.trim());
  if (!token || !accepted.includes(token)) problems.push("Job/fedblend-client: --token does not resolve to one of the server's FEDBLEND_TOKENS");
}

/**
 * The assertions must not be a rubber stamp: each of a few realistic mistakes, made on a copy of a good
 * rendering, has to be reported.
 */
export async function brokenRenderIsRejected(file, variant) {
  const mistakes = {
    "readiness probe dropped": (objects) => delete serverContainer(objects).readinessProbe,
    "Service targets an unknown port name": (objects) => (objects.find((o) => o.kind === "Service" && o.metadata.name === "fedblend-server").spec.ports[0].targetPort = "grpc"),
    "RollingUpdate strategy": (objects) => (objects.find((o) => o.kind === "Deployment").spec.strategy = { type: "RollingUpdate" }),
    "DATABASE_URL password out of step": (objects) => {
      const secret = objects.find((o) => o.kind === "Secret" && o.metadata.name === "fedblend-db");
      secret.stringData.POSTGRES_PASSWORD += "-changed";
    },
    "mount of an undefined volume": (objects) => serverContainer(objects).volumeMounts.push({ name: "cache", mountPath: "/cache" }),
  };
  const problems = [];
  const { writeFileSync, mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { stringify } = await import("yaml");
  const dir = mkdtempSync(`${tmpdir()}/fedblend-check-`);
  for (const [mistake, apply] of Object.entries(mistakes)) {
    const objects = loadDocuments(file);
    apply(objects);
    const broken = `${dir}/broken.yaml`;
    writeFileSync(broken, objects.map((o) => stringify(o)).join("---\n"));
    const log = console.log;
    console.log = () => {};
    const found = await manifestCheck(broken, variant);
    console.log = log;
    if (found.length === 0) problems.push(`not reported: ${mistake}`);
    else console.log(`  reported as expected: ${mistake} -> ${found[0]}`);
  }
  return problems;
}

function serverContainer(objects) {
  return objects.find((o) => o.kind === "Deployment" && o.metadata.name === "fedblend-server").spec.template.spec.containers[0];
}
