// Railway config: builds the server image from its Dockerfile, starts it as the image does, checks readiness.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDockerfile } from "./dockerfile.mjs";

export async function railwayCheck(file, repoRoot) {
  const problems = [];
  const config = JSON.parse(readFileSync(file, "utf8"));
  const { build = {}, deploy = {} } = config;
  if (build.builder !== "DOCKERFILE") problems.push(`build.builder is ${build.builder}, expected DOCKERFILE`);
  if (!build.dockerfilePath || !existsSync(join(repoRoot, build.dockerfilePath))) problems.push(`build.dockerfilePath ${build.dockerfilePath} does not exist`);
  if (deploy.healthcheckPath !== "/q/health/ready") problems.push(`deploy.healthcheckPath is ${deploy.healthcheckPath}`);
  if (!["ON_FAILURE", "ALWAYS", "NEVER"].includes(deploy.restartPolicyType)) problems.push(`deploy.restartPolicyType ${deploy.restartPolicyType}`);
  if (!(deploy.healthcheckTimeout >= 300)) problems.push("deploy.healthcheckTimeout should leave time for the baseline (>= 300 s)");
  for (const pattern of build.watchPatterns ?? []) {
    const root = pattern.split("/*")[0];
    if (!existsSync(join(repoRoot, root))) problems.push(`watch pattern ${pattern}: ${root} does not exist`);
  }
  if (build.dockerfilePath && existsSync(join(repoRoot, build.dockerfilePath))) {
    const final = parseDockerfile(readFileSync(join(repoRoot, build.dockerfilePath), "utf8")).at(-1);
    const entrypoint = JSON.parse(final.instructions.filter((i) => i.keyword === "ENTRYPOINT").at(-1).args);
    if (deploy.startCommand !== entrypoint.join(" ")) problems.push(`deploy.startCommand differs from the image's ENTRYPOINT (${entrypoint.join(" ")})`);
  }
  console.log(`  ${file}: ${build.builder} ${build.dockerfilePath}, health ${deploy.healthcheckPath}, restart ${deploy.restartPolicyType}`);
  return problems;
}
