import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { SfnError, requireString, validationError } from './errors.mjs';
import { checkExecutionArn, checkName, executionArn, stateMachineArn, stateMachineNameOf } from './arns.mjs';
import { statesByName, unresolvedResources } from './definition.mjs';
import { formatDiagnostic, validateDefinitionText } from './validation.mjs';
import { scaleDefinition } from './time-scale.mjs';
import { Execution } from './execution.mjs';
import { page } from './paging.mjs';

const seconds = (millis) => millis / 1000;
const STATUSES = new Set(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']);
const TYPES = new Set(['STANDARD', 'EXPRESS']);

/**
 * The Step Functions API over an in-memory registry. Each operation takes the decoded JSON request and returns the
 * JSON response; failures are thrown as SfnError. Only STANDARD semantics are implemented (EXPRESS is accepted and
 * stored as a type, but runs the same way).
 */
export class StepFunctionsService {
  /** @param options {timeScale: number, awsConfig: object} awsConfig goes to the library's Lambda client */
  constructor({ timeScale, awsConfig }) {
    this.timeScale = timeScale;
    this.awsConfig = awsConfig;
    this.stateMachines = new Map();
    this.executions = new Map();
  }

  /** The operations by their X-Amz-Target name (AWSStepFunctions.<name>). */
  operation(name) {
    const op = OPERATIONS.has(name) ? this[lowerFirst(name)] : undefined;
    return op?.bind(this);
  }

  createStateMachine(request) {
    const name = checkName(requireString(request, 'name'), 'state machine');
    const definitionText = requireString(request, 'definition');
    const roleArn = requireString(request, 'roleArn');
    const type = request.type ?? 'STANDARD';
    if (!TYPES.has(type)) {
      throw validationError(`Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]`);
    }
    const existing = this.stateMachines.get(name);
    // AWS answers StateMachineAlreadyExists for a changed definition; locally a re-deploy simply updates the machine.
    if (!existing || existing.definitionText !== definitionText || existing.roleArn !== roleArn || existing.type !== type) {
      const compiled = this.compile(definitionText);
      this.stateMachines.set(name, {
        name,
        arn: stateMachineArn(name),
        roleArn,
        type,
        creationDate: existing?.creationDate ?? Date.now(),
        definitionText,
        ...compiled,
      });
    }
    const machine = this.stateMachines.get(name);
    return { stateMachineArn: machine.arn, creationDate: seconds(machine.creationDate) };
  }

  updateStateMachine(request) {
    const machine = this.machineOf(request);
    const definitionText = request.definition ?? machine.definitionText;
    Object.assign(machine, { roleArn: request.roleArn ?? machine.roleArn, definitionText, ...this.compile(definitionText) });
    return { updateDate: seconds(Date.now()) };
  }

  deleteStateMachine(request) {
    // Running executions go on, as in AWS; they keep the engine they started with.
    this.stateMachines.delete(this.machineOf(request).name);
    return {};
  }

  describeStateMachine(request) {
    const machine = this.machineOf(request);
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: 'ACTIVE',
      definition: machine.definitionText,
      roleArn: machine.roleArn,
      type: machine.type,
      creationDate: seconds(machine.creationDate),
    };
  }

  listStateMachines(request) {
    const all = [...this.stateMachines.values()].map((m) => ({
      stateMachineArn: m.arn,
      name: m.name,
      type: m.type,
      creationDate: seconds(m.creationDate),
    }));
    const { items, nextToken } = page(all, request, 100);
    return { stateMachines: items, nextToken };
  }

  validateStateMachineDefinition(request) {
    const diagnostics = this.diagnose(requireString(request, 'definition')).diagnostics;
    return {
      result: diagnostics.length === 0 ? 'OK' : 'FAIL',
      diagnostics: diagnostics.map((d) => ({ severity: 'ERROR', code: d.code, message: d.message, location: d.location })),
      truncated: false,
    };
  }

  /**
   * Idempotent like AWS Standard workflows: the same name with the same input returns the existing execution.
   * AWS does that while the execution runs and refuses a closed one; locally the execution is returned whatever its
   * status, so a retried request never starts a second run. A different input is ExecutionAlreadyExists.
   */
  startExecution(request) {
    const machine = this.machineOf(request);
    const name = checkName(request.name ?? randomUUID(), 'execution');
    const input = request.input ?? '{}';
    checkInput(input);
    const arn = executionArn(machine.name, name);
    const existing = this.executions.get(arn);
    if (existing) {
      if (existing.input !== input) {
        throw new SfnError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
      }
      return { executionArn: arn, startDate: seconds(existing.startDate) };
    }
    const execution = new Execution({ arn, name, stateMachine: machine, input });
    this.executions.set(arn, execution);
    return { executionArn: arn, startDate: seconds(execution.startDate) };
  }

  describeExecution(request) {
    return this.executionOf(request).describe();
  }

  stopExecution(request) {
    return { stopDate: seconds(this.executionOf(request).stop(request.error, request.cause)) };
  }

  listExecutions(request) {
    const machineArn = this.machineOf(request).arn;
    const filter = request.statusFilter;
    if (filter !== undefined && !STATUSES.has(filter)) {
      throw validationError(`Value '${filter}' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [${[...STATUSES].join(', ')}]`);
    }
    // Newest first, as AWS lists them; the Map keeps start order.
    const matching = [...this.executions.values()]
      .filter((e) => e.stateMachineArn === machineArn && (filter === undefined || e.status === filter))
      .reverse()
      .map((e) => e.summary());
    const { items, nextToken } = page(matching, request, 100);
    return { executions: items, nextToken };
  }

  getExecutionHistory(request) {
    const execution = this.executionOf(request);
    let events = execution.history.events.map((e) => structuredClone(e));
    if (request.includeExecutionData === false) {
      events = events.map(withoutData);
    }
    if (request.reverseOrder === true) {
      events.reverse();
    }
    const { items, nextToken } = page(events, request, 100);
    // stateTransitions is not in the AWS model; the SDKs ignore it, raw clients can read it.
    return { events: items, nextToken, stateTransitions: execution.stateTransitions };
  }

  machineOf(request) {
    const arn = requireString(request, 'stateMachineArn');
    const name = stateMachineNameOf(arn);
    const machine = this.stateMachines.get(name);
    if (!machine) {
      throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    }
    return machine;
  }

  executionOf(request) {
    const arn = checkExecutionArn(requireString(request, 'executionArn'));
    const execution = this.executions.get(arn);
    if (!execution) {
      throw new SfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    }
    return execution;
  }

  /** asl-validator's findings, plus Resources left with a ${...} substitution (AWS would refuse them as ARNs). */
  diagnose(definitionText) {
    const { definition, diagnostics } = validateDefinitionText(definitionText);
    const unresolved = definition && diagnostics.length === 0 ? unresolvedResources(definition) : [];
    return {
      definition,
      diagnostics: diagnostics.concat(unresolved.map((r) => ({ code: 'UNRESOLVED_SUBSTITUTION', message: `Resource is not substituted: ${r}` }))),
    };
  }

  /** Validates a definition and builds the engine that runs it, on the scaled clock. */
  compile(definitionText) {
    const { definition, diagnostics } = this.diagnose(definitionText);
    if (diagnostics.length > 0) {
      throw new SfnError('InvalidDefinition', `Invalid State Machine Definition: '${diagnostics.map(formatDiagnostic).join('; ')}'`);
    }
    const scaled = scaleDefinition(definition, this.timeScale);
    // The original was validated above; the scaled copy may hold fractional seconds, which the ASL schema refuses.
    const engine = new StateMachine(scaled.definition, { validationOptions: { noValidate: true }, awsConfig: this.awsConfig });
    return { engine, overrides: { waitTimeOverrides: scaled.waitTimeOverrides }, states: statesByName(definition) };
  }
}

const OPERATIONS = new Set([
  'CreateStateMachine', 'UpdateStateMachine', 'DeleteStateMachine', 'DescribeStateMachine', 'ListStateMachines',
  'ValidateStateMachineDefinition', 'StartExecution', 'DescribeExecution', 'StopExecution', 'ListExecutions',
  'GetExecutionHistory',
]);

const lowerFirst = (s) => s.charAt(0).toLowerCase() + s.slice(1);

function checkInput(input) {
  try {
    if (typeof input !== 'string') {
      throw new Error('input must be a string');
    }
    JSON.parse(input);
  } catch (e) {
    throw new SfnError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${e.message}'`);
  }
}

/** includeExecutionData=false: the events without their input and output payloads. */
function withoutData(event) {
  for (const details of Object.values(event)) {
    if (details && typeof details === 'object') {
      delete details.input;
      delete details.output;
    }
  }
  return event;
}
