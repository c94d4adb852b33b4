// Errors in the shape of the AWS JSON 1.0 protocol: HTTP 400 with {"__type": "...", "message": "..."}.
// The AWS SDKs map __type to their exception classes (ExecutionAlreadyExists -> ExecutionAlreadyExistsException).
export class SfnError extends Error {
  constructor(type, message) {
    super(message);
    this.type = type;
  }
}

export const validationError = (message) => new SfnError('ValidationException', message);

/** Reads a required string member of a request, failing like AWS's model validation does. */
export function requireString(request, member) {
  const value = request[member];
  if (typeof value !== 'string' || value.length === 0) {
    throw validationError(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}
