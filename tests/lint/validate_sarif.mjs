// Validates SARIF files against the official SARIF 2.1.0 JSON schema (sarif-2.1.0.json as
// shipped in the npm package @microsoft/sarif-multitool-linux), with Ajv's draft 2020-12 mode.
//   node validate_sarif.mjs FILE.sarif...
// Before the real files, it checks that the validator rejects a broken copy of the first file,
// so a validator that accepts everything cannot pass. Exit 0 only when every file is valid.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const schemaPath = join(here, "node_modules", "@microsoft", "sarif-multitool-linux", "sarif-2.1.0.json");
if (!existsSync(join(here, "node_modules", "ajv")) || !existsSync(schemaPath)) {
  console.error(
    `FAIL: ${join(here, "node_modules")} is missing ajv or the SARIF 2.1.0 schema; ` +
      `run 'npm ci' in ${here} first. SARIF output was NOT validated.`);
  process.exit(1);
}
const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate_sarif.mjs FILE.sarif...");
  process.exit(2);
}

const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
if (!String(schema.title).includes("2.1.0")) {
  console.error(`FAIL: ${schemaPath} is not the SARIF 2.1.0 schema (title: ${schema.title})`);
  process.exit(1);
}
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function check(name, log) {
  if (validate(log)) return true;
  console.error(`INVALID ${name}:`);
  for (const e of validate.errors.slice(0, 20)) console.error(`  ${e.instancePath} ${e.message}`);
  return false;
}

// Self-test: a level SARIF does not define must be rejected.
const first = JSON.parse(readFileSync(files[0], "utf8"));
const broken = structuredClone(first);
broken.runs[0].results.push({ ruleId: "x", level: "critical", message: { text: "x" } });
if (validate(broken)) {
  console.error("FAIL: the validator accepted a result with level 'critical'; it checks nothing");
  process.exit(1);
}

let ok = true;
let results = 0;
for (const file of files) {
  const log = JSON.parse(readFileSync(file, "utf8"));
  results += log.runs.reduce((n, run) => n + (run.results ? run.results.length : 0), 0);
  ok = check(file, log) && ok;
}
if (!ok) process.exit(1);
console.log(`valid: ${files.length} SARIF file(s), ${results} result(s), against ${schema.title}`);
