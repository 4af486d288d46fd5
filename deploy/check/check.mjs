// Offline checks of deploy/, one per invocation, called by deploy/check.sh:
//   node check.mjs <check> <args...>
// Prints what it looked at; exits 1 with the reasons when the check fails.
import { parseFiles } from "./parse.mjs";
import { schemaCheck, brokenManifestIsRejected } from "./k8s-schema.mjs";
import { manifestCheck, brokenRenderIsRejected } from "./k8s-fields.mjs";
import { dockerfileLint, dockerfileCheck } from "./dockerfile.mjs";
import { composeCheck } from "./compose.mjs";
import { railwayCheck } from "./railway.mjs";

const checks = {
  parse: parseFiles,
  schema: schemaCheck,
  "schema-rejects-broken": brokenManifestIsRejected,
  manifests: manifestCheck,
  "manifests-reject-broken": brokenRenderIsRejected,
  "dockerfile-lint": dockerfileLint,
  dockerfile: dockerfileCheck,
  compose: composeCheck,
  railway: railwayCheck,
};

const [name, ...args] = process.argv.slice(2);
const check = checks[name];
if (!check) {
  console.error(`unknown check '${name}'; known: ${Object.keys(checks).join(", ")}`);
  process.exit(2);
}
try {
  const problems = await check(...args);
  if (problems.length > 0) {
    for (const problem of problems) console.log(`  - ${problem}`);
    process.exit(1);
  }
} catch (e) {
  console.log(`  - ${e.message}`);
  process.exit(1);
}
