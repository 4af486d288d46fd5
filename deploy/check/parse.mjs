// Every YAML or JSON file given parses; YAML with all its documents.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

export async function parseFiles(...files) {
  const problems = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    if (file.endsWith(".json")) {
      try {
        JSON.parse(text);
        console.log(`  ${file}: JSON`);
      } catch (e) {
        problems.push(`${file}: ${e.message}`);
      }
      continue;
    }
    const docs = parseAllDocuments(text, { prettyErrors: true });
    for (const doc of docs) {
      for (const error of doc.errors) problems.push(`${file}: ${error.message}`);
      for (const warning of doc.warnings) problems.push(`${file}: ${warning.message}`);
    }
    console.log(`  ${file}: ${docs.length} document(s)`);
  }
  return problems;
}

/** The non-empty documents of a YAML file as plain objects. */
export function loadDocuments(file) {
  return parseAllDocuments(readFileSync(file, "utf8"))
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
      return doc.toJS();
    })
    .filter((object) => object !== null && object !== undefined);
}
