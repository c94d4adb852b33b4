import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError } from 'aws-local-stepfunctions';
import { HistoryRecorder, errorAndCause } from './history.mjs';

const seconds = (millis) => (millis === undefined ? undefined : millis / 1000);

/** One execution of a state machine: runs asynchronously on the library's engine and records its history. */
export class Execution {
  /**
   * @param fields {arn, name, stateMachine, input}: stateMachine is the registry record at start time (its engine,
   *        overrides and states stay those of the definition the execution started with, as in AWS)
   */
  constructor({ arn, name, stateMachine, input }) {
    this.arn = arn;
    this.name = name;
    this.stateMachineArn = stateMachine.arn;
    this.input = input;
    this.status = 'RUNNING';
    this.startDate = Date.now();
    this.history = new HistoryRecorder(stateMachine.states, { input, roleArn: stateMachine.roleArn, stateMachineArn: stateMachine.arn });

    const run = stateMachine.engine.run(JSON.parse(input), {
      overrides: stateMachine.overrides,
      context: {
        Execution: { Id: arn, Name: name, RoleArn: stateMachine.roleArn },
        StateMachine: { Id: stateMachine.arn, Name: stateMachine.name },
      },
    });
    this.abortRun = run.abort;
    // Settle only once the history has been drained too, so that a terminal status always comes with a full history.
    this.done = Promise.allSettled([run.result, this.history.consume(run.eventLogs)]).then(([result, consumed]) => {
      if (consumed.status === 'rejected') {
        process.stderr.write(`history of ${arn} is incomplete: ${consumed.reason?.stack ?? consumed.reason}\n`);
      }
      this.settle(result);
    });
  }

  /** StopExecution: AWS reports ABORTED at once; the Lambda call in flight, if any, still runs to its end. */
  stop(error, cause) {
    if (this.status === 'RUNNING') {
      this.finish('ABORTED', { error, cause });
      this.history.abortDetails = { error, cause };
      this.abortRun();
    }
    return this.stopDate;
  }

  settle(result) {
    if (this.status !== 'RUNNING') {
      return;
    }
    if (result.status === 'fulfilled') {
      this.finish('SUCCEEDED', { output: JSON.stringify(result.value ?? null) });
      return;
    }
    const failure = result.reason;
    if (failure instanceof ExecutionTimeoutError) {
      this.finish('TIMED_OUT', { error: 'States.Timeout' });
    } else if (failure instanceof ExecutionAbortedError) {
      this.finish('ABORTED', {});
    } else if (failure instanceof ExecutionError && failure.cause) {
      // ExecutionError wraps the state's runtime error: its name is the ASL error, its cause the Lambda error payload.
      const stateError = failure.cause;
      this.finish('FAILED', errorAndCause(stateError.name, stateError.cause ?? stateError.message));
    } else {
      this.finish('FAILED', { error: 'States.Runtime', cause: String(failure?.message ?? failure) });
    }
  }

  finish(status, { output, error, cause }) {
    this.status = status;
    this.stopDate = Date.now();
    Object.assign(this, { output, error, cause });
  }

  get stateTransitions() {
    return this.history.stateTransitions;
  }

  summary() {
    return {
      executionArn: this.arn,
      stateMachineArn: this.stateMachineArn,
      name: this.name,
      status: this.status,
      startDate: seconds(this.startDate),
      stopDate: seconds(this.stopDate),
    };
  }

  describe() {
    return {
      ...this.summary(),
      input: this.input,
      inputDetails: { included: true },
      output: this.output,
      outputDetails: this.output === undefined ? undefined : { included: true },
      error: this.error,
      cause: this.cause,
      // Not in the AWS model (SDKs ignore unknown members): states entered so far, nested Map/Parallel states included.
      stateTransitions: this.stateTransitions,
    };
  }
}
