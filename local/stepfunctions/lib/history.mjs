// Turns aws-local-stepfunctions event logs into Step Functions history events (GetExecutionHistory).
//
// The library reports state-level events (StateEntered/Exited/Failed/Retried/Caught) and execution-level ones.
// AWS reports, for a Task whose Resource is a Lambda function ARN:
//   TaskStateEntered, LambdaFunctionScheduled, LambdaFunctionStarted, LambdaFunctionSucceeded|Failed|TimedOut,
//   (a retry schedules the function again), TaskStateExited
// and for other resources TaskScheduled/TaskStarted/TaskSucceeded|Failed|TimedOut. Those are derived here.
// What the library does not report is left out rather than guessed: the Lambda's raw result (only the state's
// processed output, shown on TaskStateExited) and the effective task input (the state's raw input is on *StateEntered).

const seconds = (millis) => millis / 1000;
const json = (value) => (value === undefined ? undefined : JSON.stringify(value));

/** The error/cause pair AWS reports: cause is a string; a Lambda error's cause is its JSON error payload. */
export function errorAndCause(error, cause) {
  return { error, cause: cause === undefined || typeof cause === 'string' ? cause : JSON.stringify(cause) };
}

export class HistoryRecorder {
  /**
   * @param states the machine's state definitions by name (see definition.mjs statesByName)
   * @param started {input: string, roleArn: string, stateMachineArn: string}
   */
  constructor(states, started) {
    this.states = states;
    this.started = started;
    this.events = [];
    this.stateTransitions = 0;
    // Task attempts that were scheduled and have not failed yet, by state name and Map iteration index.
    this.openAttempts = new Set();
    // StopExecution's error and cause, which the library's ExecutionAborted event does not carry.
    this.abortDetails = {};
  }

  /** Consumes the library's event log until the execution ends. */
  async consume(eventLogs) {
    for await (const event of eventLogs) {
      this.record(event);
    }
  }

  record(event) {
    const at = event.timestamp;
    const state = event.state;
    switch (event.type) {
      case 'ExecutionStarted':
        return this.add(at, 'ExecutionStarted', 'executionStartedEventDetails', {
          input: this.started.input,
          inputDetails: { truncated: false },
          roleArn: this.started.roleArn,
          stateMachineArn: this.started.stateMachineArn,
        });
      case 'ExecutionSucceeded':
        return this.add(at, 'ExecutionSucceeded', 'executionSucceededEventDetails', {
          output: json(event.output),
          outputDetails: { truncated: false },
        });
      case 'ExecutionFailed':
        return this.add(at, 'ExecutionFailed', 'executionFailedEventDetails', errorAndCause(event.Error, event.Cause));
      case 'ExecutionAborted':
        return this.add(at, 'ExecutionAborted', 'executionAbortedEventDetails', this.abortDetails);
      case 'ExecutionTimeout':
        return this.add(at, 'ExecutionTimedOut', 'executionTimedOutEventDetails', { error: 'States.Timeout' });
      case 'StateEntered':
        this.stateTransitions++;
        this.add(at, `${state.type}StateEntered`, 'stateEnteredEventDetails', {
          name: state.name,
          input: json(state.input),
          inputDetails: { truncated: false },
        });
        return this.onAttemptStarted(event);
      case 'StateRetried':
        return this.onAttemptStarted(event);
      case 'StateFailed':
        return this.onAttemptFailed(event);
      case 'StateExited':
        this.onAttemptSucceeded(event);
        return this.add(at, `${state.type}StateExited`, 'stateExitedEventDetails', {
          name: state.name,
          output: json(state.output),
          outputDetails: { truncated: false },
        });
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        return this.add(at, event.type, `${lowerFirst(event.type)}EventDetails`, { name: event.parentState.name, index: event.index });
      default:
        // StateCaught needs no event of its own (AWS shows the failure, then the state exits with the error output);
        // AWS has no per-branch Parallel events.
        return undefined;
    }
  }

  onAttemptStarted(event) {
    const { name, type } = event.state;
    if (type === 'Task') {
      const definition = this.states.get(name) ?? {};
      const family = taskEventFamily(definition.Resource);
      this.add(event.timestamp, `${family}Scheduled`, `${lowerFirst(family)}ScheduledEventDetails`, scheduledDetails(family, definition));
      this.add(event.timestamp, `${family}Started`, `${lowerFirst(family)}StartedEventDetails`, family === 'Task' ? taskResource(definition) : undefined);
      this.openAttempts.add(attemptKey(event));
    } else if ((type === 'Map' || type === 'Parallel') && event.type === 'StateEntered') {
      this.add(event.timestamp, `${type}StateStarted`, undefined, undefined);
    }
  }

  onAttemptFailed(event) {
    const { name, type } = event.state;
    const failure = errorAndCause(event.Error, event.Cause);
    if (type === 'Task' && this.openAttempts.delete(attemptKey(event))) {
      const family = taskEventFamily(this.states.get(name)?.Resource);
      const outcome = event.Error === 'States.Timeout' ? 'TimedOut' : 'Failed';
      this.add(event.timestamp, `${family}${outcome}`, `${lowerFirst(family)}${outcome}EventDetails`, failure);
    } else if (type === 'Map' || type === 'Parallel') {
      this.add(event.timestamp, `${type}StateFailed`, undefined, undefined);
    }
  }

  onAttemptSucceeded(event) {
    const { name, type } = event.state;
    if (type === 'Task' && this.openAttempts.delete(attemptKey(event))) {
      const family = taskEventFamily(this.states.get(name)?.Resource);
      this.add(event.timestamp, `${family}Succeeded`, `${lowerFirst(family)}SucceededEventDetails`, family === 'Task' ? taskResource(this.states.get(name)) : {});
    } else if (type === 'Map' || type === 'Parallel') {
      this.add(event.timestamp, `${type}StateSucceeded`, undefined, undefined);
    }
  }

  add(timestampMillis, type, detailsMember, details) {
    const id = this.events.length + 1;
    const event = { timestamp: seconds(timestampMillis), type, id, previousEventId: id - 1 };
    if (detailsMember && details) {
      event[detailsMember] = details;
    }
    this.events.push(event);
  }
}

const lowerFirst = (s) => s.charAt(0).toLowerCase() + s.slice(1);
const attemptKey = (event) => `${event.state.name}#${event.index ?? ''}`;

/** AWS reports direct Lambda ARNs with LambdaFunction* events and service integrations with Task* events. */
const taskEventFamily = (resource) => (typeof resource === 'string' && resource.startsWith('arn:aws:lambda:') ? 'LambdaFunction' : 'Task');

function taskResource(definition) {
  const [, , , , , service, action] = String(definition?.Resource ?? '').split(':');
  return { resourceType: service ?? '', resource: action ?? '' };
}

function scheduledDetails(family, definition) {
  const timeoutInSeconds = definition.TimeoutSeconds;
  if (family === 'LambdaFunction') {
    return { resource: definition.Resource, timeoutInSeconds };
  }
  return { ...taskResource(definition), region: definition.Resource?.split(':')[3], timeoutInSeconds };
}
