// Writes the JSON Schema files and the generated tables of the reference docs from the declared
// formats (sim/schema/generate.ts). Run after changing a format: `npm run gen:schema`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generatedFiles, withRegion } from '../sim/schema/generate.ts';

for (const f of generatedFiles()) {
  mkdirSync(dirname(f.path), { recursive: true });
  writeFileSync(f.path, f.region === undefined ? f.text : withRegion(readFileSync(f.path, 'utf8'), f.region, f.text));
  console.log(`wrote ${f.path}${f.region ? ` (${f.region})` : ''}`);
}
