import { SfnError } from './errors.mjs';

// A local service has one region and one fake account; both only appear in ARNs and nothing resolves them.
export const REGION = process.env.AWS_REGION || 'us-east-1';
export const ACCOUNT = '000000000000';
const PREFIX = `arn:aws:states:${REGION}:${ACCOUNT}:`;

export const stateMachineArn = (name) => `${PREFIX}stateMachine:${name}`;
export const executionArn = (stateMachineName, executionName) => `${PREFIX}execution:${stateMachineName}:${executionName}`;

/** Returns the state machine name of a stateMachine ARN, or throws InvalidArn. */
export function stateMachineNameOf(arn) {
  const match = typeof arn === 'string' && arn.startsWith(`${PREFIX}stateMachine:`) && arn.slice(PREFIX.length).split(':');
  if (!match || match.length !== 2 || !match[1]) {
    throw new SfnError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${arn}'`);
  }
  return match[1];
}

/** Throws InvalidArn unless the ARN has the execution ARN shape of this service. */
export function checkExecutionArn(arn) {
  const parts = typeof arn === 'string' && arn.startsWith(`${PREFIX}execution:`) && arn.slice(PREFIX.length).split(':');
  if (!parts || parts.length !== 3 || !parts[1] || !parts[2]) {
    throw new SfnError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${arn}'`);
  }
  return arn;
}

// The characters AWS refuses in state machine and execution names: whitespace, brackets, wildcards,
// " # % \ ^ | ~ ` $ & , ; : / and control characters (U+0000-001F, U+007F-009F).
const FORBIDDEN_IN_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

/** Throws InvalidName unless {@code name} is a valid Step Functions resource name (1 to 80 allowed characters). */
export function checkName(name, what) {
  if (typeof name !== 'string' || name.length < 1 || name.length > 80 || FORBIDDEN_IN_NAME.test(name)) {
    throw new SfnError('InvalidName', `Invalid Name: '${name}' is not a valid ${what} name`);
  }
  return name;
}
