// Checks SARIF files the way GitHub code scanning reads them:
//  1. Microsoft's SARIF Multitool `validate` with its SARIF rules and the GitHub ingestion rules (sarif-rules.config.xml);
//     the Multitool exits 0 even when it reports errors, so its output log is counted here;
//  2. the SARIF 2.1.0 JSON Schema shipped with the Multitool, with Ajv (catches enum errors the Multitool lets through).
// Usage: node .ci/validate-sarif.mjs FILE.sarif...   Exit: 0 clean, 1 errors or warnings, 2 the checker could not run.
import { execFileSync } from "node:child_process";
import { readFileSync, mkdtempSync, chmodSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(pathToFileURL(join(here, "package.json")));
const multitool = join(here, "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool");
if (!existsSync(multitool)) {
  console.error("validate-sarif: the Multitool is not installed; run `npm ci` in .ci first");
  process.exit(2);
}
chmodSync(multitool, 0o755); // npm does not run the package's postinstall that would do this.

// The schema shipped with Multitool 5.7.0 declares JSON Schema draft 2020-12.
const Ajv = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;
const schema = JSON.parse(readFileSync(join(dirname(multitool), "sarif-2.1.0.json"), "utf8"));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateSchema = ajv.compile(schema);

let failed = false;
for (const file of process.argv.slice(2)) {
  const log = join(mkdtempSync(join(tmpdir(), "sarif-")), "validation.sarif");
  try {
    execFileSync(multitool, ["validate", file, "--rule-kind", "Sarif;Gh", "--config", join(here, "sarif-rules.config.xml"),
      "--level", "Error;Warning", "-o", log, "--log", "ForceOverwrite"], { stdio: "ignore" });
  } catch (e) {
    console.error(`validate-sarif: the Multitool failed on ${file}: ${e.message}`);
    process.exit(2);
  }
  let errors = 0, warnings = 0;
  for (const run of JSON.parse(readFileSync(log, "utf8")).runs ?? []) {
    for (const r of run.results ?? []) {
      const level = r.level ?? "warning";
      if (level !== "error" && level !== "warning") continue;
      level === "error" ? errors++ : warnings++;
      const region = r.locations?.[0]?.physicalLocation?.region;
      const text = r.message?.text ?? (r.message?.arguments ?? []).join(" | ");
      console.log(`${file}(${region?.startLine},${region?.startColumn}): ${level} ${r.ruleId}: ${text.slice(0, 300)}`);
    }
  }
  const document = JSON.parse(readFileSync(file, "utf8"));
  const schemaErrors = validateSchema(document) ? [] : validateSchema.errors;
  for (const e of schemaErrors) console.log(`${file}: error JSONSCHEMA at ${e.instancePath}: ${e.message}`);
  console.log(`${file}: ${errors} errors, ${warnings} warnings, ${schemaErrors.length} schema errors`);
  // Warnings fail too: each is something code scanning shows worse than it could (SARIF2012: rule names, ...).
  if (errors > 0 || warnings > 0 || schemaErrors.length > 0) failed = true;
}
process.exit(failed ? 1 : 0);
