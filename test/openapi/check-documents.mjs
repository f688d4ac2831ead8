// Validates OpenAPI documents with @seriousme/openapi-schema-validator (the OpenAPI 3.1 JSON
// Schemas, ESM only, hence this script) and lints them with Spectral's spectral:oas
// recommended rules. Prints {file: {errors, findings}} as JSON. Usage: node check-documents.mjs FILE...
import { readFileSync } from 'fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import spectralCore from '@stoplight/spectral-core';
import rulesets from '@stoplight/spectral-rulesets';
import parsers from '@stoplight/spectral-parsers';

const { Spectral, Document } = spectralCore;
const spectral = new Spectral();
spectral.setRuleset({ extends: [[rulesets.oas, 'recommended']] });

const out = {};
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const validator = new Validator();
  const result = await validator.validate(JSON.parse(text));
  const errors = result.valid ? [] : (Array.isArray(result.errors) ? result.errors : [result.errors]);
  const version = validator.version;
  const findings = (await spectral.run(new Document(text, parsers.Json, file))).map((r) => `${r.code} ${r.path.join('.')}: ${r.message}`);
  out[file] = { version, errors, findings };
}
process.stdout.write(JSON.stringify(out, null, 2));
