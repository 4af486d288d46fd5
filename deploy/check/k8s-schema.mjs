// Validates rendered manifests against the Kubernetes OpenAPI schemas bundled in the npm package kubernetes-models
// (types, formats, enums, required fields). Unknown fields are left to StrictManifests.java.
import { loadDocuments } from "./parse.mjs";

async function modelFor(apiVersion, kind) {
  const group = apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`;
  const [apiGroup, version] = group.split("/");
  const path = apiGroup === "core" ? `v1/${kind}` : `${apiGroup}/${version}/${kind}`;
  try {
    const module = await import(`kubernetes-models/${path}`);
    return module[kind];
  } catch (e) {
    throw new Error(`no schema for ${apiVersion} ${kind} (${e.code ?? e.message})`);
  }
}

async function validateObjects(objects) {
  const problems = [];
  for (const object of objects) {
    const name = `${object.kind}/${object.metadata?.name}`;
    try {
      const Model = await modelFor(object.apiVersion, object.kind);
      new Model(object).validate();
      console.log(`  schema ok   ${name}`);
    } catch (e) {
      problems.push(`${name}: ${e.message}`);
    }
  }
  return problems;
}

export async function schemaCheck(...files) {
  const objects = files.flatMap(loadDocuments);
  if (objects.length === 0) return [`no objects in ${files.join(", ")}`];
  return validateObjects(objects);
}

/** The validator must not be a rubber stamp: a port given as a word and a bad restart policy are refused. */
export async function brokenManifestIsRejected() {
  const broken = [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "broken" },
      spec: {
        selector: { matchLabels: { app: "x" } },
        template: {
          metadata: { labels: { app: "x" } },
          spec: { containers: [{ name: "c", image: "i", ports: [{ containerPort: "http" }] }] },
        },
      },
    },
    { apiVersion: "v1", kind: "Service", metadata: { name: "broken" }, spec: { ports: [{ name: "p" }] } },
  ];
  const found = await validateObjects(broken);
  console.log(`  refused as expected: ${found.join("; ") || "nothing"}`);
  return found.length === broken.length ? [] : [`expected ${broken.length} refusals, got ${found.length}`];
}
