// Validates Step Functions definitions with asl-validator and prints the findings as JSON, for the Java AslValidator
// (asl-validator's own CLI prints text and exits 0 on unparseable JSON).
//
// Usage: node validate.mjs <definition.json | ->     ("-" reads the definition from stdin)
// Prints {"errors": ["CODE: message", ...]} on stdout; exit code 0 when valid, 1 when invalid, 2 on a usage error.
import { readFileSync } from 'node:fs';
import { formatDiagnostic, validateDefinitionText } from './lib/validation.mjs';

const source = process.argv[2];
if (!source) {
  process.stderr.write('usage: node validate.mjs <definition.json | ->\n');
  process.exit(2);
}
let text;
try {
  text = readFileSync(source === '-' ? 0 : source, 'utf8');
} catch (e) {
  process.stderr.write(`cannot read ${source}: ${e.message}\n`);
  process.exit(2);
}
const errors = validateDefinitionText(text).diagnostics.map(formatDiagnostic);
process.stdout.write(`${JSON.stringify({ errors })}\n`);
process.exitCode = errors.length === 0 ? 0 : 1;
