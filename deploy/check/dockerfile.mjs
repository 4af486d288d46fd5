// Dockerfiles: a lint (dockerfile-utils, the validator behind the VS Code Docker language server) and assertions
// on what the FedBlend images must hold. No container engine is needed for either.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import dockerfileUtils from "dockerfile-utils";

const ALL_AS_ERRORS = Object.fromEntries(
  ["deprecatedMaintainer", "directiveCasing", "emptyContinuationLine", "instructionCasing", "instructionCmdMultiple",
    "instructionEntrypointMultiple", "instructionHealthcheckMultiple", "instructionJSONInSingleQuotes",
    "instructionWorkdirRelative"].map((setting) => [setting, 2]));

// The SHA-256 sums of the MNIST files (uncompressed) as the project knows them.
const MNIST_SHA256 = {
  "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
  "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
  "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
  "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
};

export async function dockerfileLint(file) {
  const diagnostics = dockerfileUtils.validate(readFileSync(file, "utf8"), ALL_AS_ERRORS);
  console.log(`  ${file}: ${diagnostics.length} diagnostics`);
  return diagnostics.map((d) => `${file}:${d.range.start.line + 1}: ${d.message}`);
}

/** Instructions with continuation lines joined and comments dropped, grouped by stage. */
export function parseDockerfile(text) {
  const stages = [];
  let pending = "";
  for (const raw of text.split("\n")) {
    const line = raw.trimEnd();
    if (!pending && (line.trim().startsWith("#") || line.trim() === "")) continue;
    if (line.endsWith("\\")) {
      pending += line.slice(0, -1) + " ";
      continue;
    }
    const full = (pending + line).trim();
    pending = "";
    if (full.startsWith("#")) continue;
    const [keyword, ...rest] = full.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(" ") };
    if (instruction.keyword === "FROM") {
      const [image, , alias] = rest;
      stages.push({ image, alias, instructions: [] });
    }
    stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

function ignoredBy(patterns, path) {
  return patterns.some((pattern) => {
    const regex = new RegExp("^" + pattern.split("**/").map((part) => part.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")).join("(?:.*/)?") + "(?:/.*)?$");
    return regex.test(path);
  });
}

export async function dockerfileCheck(file, kind, repoRoot) {
  const problems = [];
  const module = kind === "server" ? "server-service" : "client-cli";
  const stages = parseDockerfile(readFileSync(file, "utf8"));
  const final = stages.at(-1);
  const all = (stage, keyword) => stage.instructions.filter((i) => i.keyword === keyword);
  const env = new Map(all(final, "ENV").flatMap((i) => [...i.args.matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)].map((m) => [m[1], m[2]])));

  if (!/^eclipse-temurin:17-jre/.test(final.image)) problems.push(`final stage is ${final.image}, not an eclipse-temurin 17 JRE`);
  const user = all(final, "USER").at(-1)?.args.split(":")[0];
  if (!user || user === "root" || user === "0") problems.push("final stage does not switch to a non-root USER");
  let entrypoint = [];
  try {
    entrypoint = JSON.parse(all(final, "ENTRYPOINT").at(-1)?.args ?? "[]");
  } catch {
    problems.push("ENTRYPOINT is not in exec (JSON) form");
  }
  if (entrypoint[0] !== "java" || entrypoint.at(-1) !== "/app/quarkus-run.jar" || entrypoint.at(-2) !== "-jar") {
    problems.push(`ENTRYPOINT ${JSON.stringify(entrypoint)} does not run java -jar /app/quarkus-run.jar`);
  }
  const expectedEnv = { TF_CPP_MIN_LOG_LEVEL: "2", FEDBLEND_DATA_DIR: "/data/mnist" };
  if (kind === "server") expectedEnv.FEDBLEND_MODELS_DIR = "/data/models";
  for (const [key, value] of Object.entries(expectedEnv)) {
    if (env.get(key) !== value) problems.push(`ENV ${key} is ${env.get(key)}, expected ${value}`);
  }
  const volumes = all(final, "VOLUME").flatMap((i) => (i.args.startsWith("[") ? JSON.parse(i.args) : i.args.split(/\s+/)));
  for (const volume of kind === "server" ? ["/data/models", "/data/mnist"] : ["/data/mnist"]) {
    if (!volumes.includes(volume)) problems.push(`no VOLUME ${volume}`);
  }
  if (kind === "server") {
    if (!all(final, "EXPOSE").some((i) => i.args.split(/\s+/).includes("8080"))) problems.push("EXPOSE 8080 missing");
    const healthcheck = all(final, "HEALTHCHECK").at(-1)?.args ?? "";
    if (!healthcheck.includes("/q/health/ready")) problems.push("HEALTHCHECK does not probe /q/health/ready");
  }

  // The build stage: the Maven wrapper builds exactly this module, and the runtime copies its quarkus-app.
  const build = stages.find((s) => s.alias === "build");
  const buildRun = build ? all(build, "RUN").map((i) => i.args).join(" ") : "";
  if (!buildRun.includes("./mvnw") || !buildRun.includes(`-pl ${module}`)) problems.push(`build stage does not run ./mvnw -pl ${module}`);
  const copied = all(final, "COPY").map((i) => i.args);
  if (!copied.some((args) => args.includes("--from=build") && args.includes(`/src/${module}/target/quarkus-app/`))) {
    problems.push(`runtime stage does not copy ${module}/target/quarkus-app from the build stage`);
  }

  // Every file the build copies from the context exists and is not excluded by .dockerignore; and every module of
  // the reactor has at least its pom.xml, or Maven refuses to start.
  const ignore = readFileSync(join(repoRoot, ".dockerignore"), "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const sources = (build ? all(build, "COPY") : []).filter((i) => !i.args.includes("--from")).flatMap((i) => i.args.split(/\s+/).slice(0, -1));
  for (const source of sources) {
    const path = source.replace(/\/$/, "");
    if (!existsSync(join(repoRoot, path))) problems.push(`COPY source ${source} does not exist in the repository`);
    else if (ignoredBy(ignore, path)) problems.push(`COPY source ${source} is excluded by .dockerignore`);
  }
  const modules = [...readFileSync(join(repoRoot, "pom.xml"), "utf8").matchAll(/<module>([^<]+)<\/module>/g)].map((m) => m[1]);
  for (const reactorModule of modules) {
    if (!sources.some((s) => s.replace(/\/$/, "") === reactorModule || s === `${reactorModule}/pom.xml`)) {
      problems.push(`the build does not copy ${reactorModule}/pom.xml, which the reactor needs`);
    }
  }

  const mnist = stages.find((s) => s.alias === "mnist");
  const mnistRun = mnist ? all(mnist, "RUN").map((i) => i.args).join(" ") : "";
  for (const [name, sum] of Object.entries(MNIST_SHA256)) {
    if (!new RegExp(`${sum}\\s+${name}`).test(mnistRun)) problems.push(`MNIST stage does not check ${name} against ${sum}`);
  }
  if (!copied.some((args) => args.includes("--from=mnist") && args.trim().endsWith("/data/mnist/"))) problems.push("MNIST files are not copied to /data/mnist");

  console.log(`  ${file}: ${stages.length} stages (${stages.map((s) => s.image).join(", ")}), user ${user}, entrypoint ${entrypoint.join(" ")}`);
  return problems;
}
