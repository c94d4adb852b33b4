import aslValidator from 'asl-validator';

// ARN checks stay ON on purpose. In asl-validator 4.0.0 the Task Resource schema is oneOf(ARN format, "${...}"
// placeholder): with checkArn=false every string passes the ARN branch, so "${ProvisionFnArn}" matches both branches
// and is rejected. (Its CLI flag --no-arn-check is moreover ignored: commander stores it as `arnCheck`, the CLI reads
// `noArnCheck`.) With checkArn=true, real ARNs and ${...} placeholders are both accepted.
const OPTIONS = Object.freeze({ checkArn: true, checkPaths: true });

/**
 * Parses and validates a definition text.
 * @returns {{definition: object|undefined, diagnostics: {code: string, message: string, location?: string}[]}}
 *          diagnostics is empty when the definition is valid
 */
export function validateDefinitionText(text) {
  let definition;
  try {
    definition = JSON.parse(text);
  } catch (e) {
    return { definition: undefined, diagnostics: [{ code: 'INVALID_JSON_DESCRIPTION', message: e.message }] };
  }
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
    return { definition: undefined, diagnostics: [{ code: 'SCHEMA_VALIDATION_FAILED', message: 'The definition must be a JSON object' }] };
  }
  try {
    // asl-validator writes a default QueryLanguage into every state it visits: give it a copy.
    const { errors } = aslValidator(structuredClone(definition), OPTIONS);
    return {
      definition,
      diagnostics: errors.map((e) => ({ code: e['Error code'], message: e.Message, location: e.schemaError?.instancePath })),
    };
  } catch (e) {
    return { definition: undefined, diagnostics: [{ code: 'SCHEMA_VALIDATION_FAILED', message: `Validator failed: ${e.message}` }] };
  }
}

export const formatDiagnostic = (d) => `${d.code}: ${d.message}`;
