// Validates the OpenAPI documents the example serves with an independent
// validator (@seriousme/openapi-schema-validator, the OpenAPI 3.1 JSON
// schemas), and saves the JSON:API document as build/jsonapi.json for
// openapi-typescript.
//
//   BASE_URL=http://127.0.0.1:8080 node openapi-check.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';

const BASE_URL = process.env.BASE_URL;
if (!BASE_URL) {
  console.error('usage: BASE_URL=<server> node openapi-check.mjs');
  process.exit(2);
}
let passed = 0;
let failed = 0;
for (const [name, path] of [['JSON:API', '/api/rest/openapi.json'], ['RPC', '/api/rpc/openapi.json'], ['RPC compact view', '/api/rpc/openapi.json?view=docs']]) {
  const res = await fetch(BASE_URL + path);
  const spec = await res.json();
  const result = await new Validator().validate(spec);
  if (res.ok && result.valid && spec.openapi === '3.1.0') {
    passed++;
    console.log(`ok   ${name}: valid OpenAPI ${spec.openapi}, ${Object.keys(spec.paths).length} paths`);
  } else {
    failed++;
    console.log(`FAIL ${name}: status ${res.status}, ${JSON.stringify(result.errors).slice(0, 2000)}`);
  }
  if (path === '/api/rest/openapi.json') {
    mkdirSync('build', { recursive: true });
    writeFileSync('build/jsonapi.json', JSON.stringify(spec, null, 2));
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
