import { forEachState } from './definition.mjs';

// The library's default when a retrier has no IntervalSeconds (the ASL default too).
const DEFAULT_INTERVAL_SECONDS = 1;

/** Reads SFN_TIME_SCALE: a finite number >= 0; 1 (real time) when unset. */
export function timeScaleFromEnv(env = process.env) {
  const raw = env.SFN_TIME_SCALE;
  if (raw === undefined || raw.trim() === '') {
    return 1;
  }
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale < 0) {
    throw new Error(`SFN_TIME_SCALE must be a number >= 0, got '${raw}'`);
  }
  return scale;
}

/**
 * Returns the definition the engine runs, with retry pauses and Wait durations multiplied by {@code scale}, plus the
 * Wait overrides the library needs for the waits the definition cannot express scaled.
 *
 * Why rewrite the definition instead of only using the library's retryIntervalOverrides: an override is a fixed pause
 * that replaces IntervalSeconds, BackoffRate, MaxDelaySeconds AND JitterStrategy. Scaling IntervalSeconds and
 * MaxDelaySeconds keeps the library's own backoff, cap and full jitter, just on a shorter clock.
 *
 * Waits given by SecondsPath, Timestamp or TimestampPath are only known at run time: they are skipped when
 * scale is 0 and run in real time otherwise. Timeouts (TimeoutSeconds) are never scaled: they bound real work.
 */
export function scaleDefinition(definition, scale) {
  const waitTimeOverrides = {};
  if (scale === 1) {
    return { definition, waitTimeOverrides };
  }
  const scaled = structuredClone(definition);
  forEachState(scaled, (name, state) => {
    for (const retrier of state.Retry ?? []) {
      retrier.IntervalSeconds = (retrier.IntervalSeconds ?? DEFAULT_INTERVAL_SECONDS) * scale;
      if (retrier.MaxDelaySeconds !== undefined) {
        retrier.MaxDelaySeconds *= scale;
      }
    }
    if (state.Type === 'Wait') {
      if (state.Seconds !== undefined) {
        state.Seconds *= scale;
      } else if (scale === 0) {
        waitTimeOverrides[name] = 0;
      }
    }
  });
  return { definition: scaled, waitTimeOverrides };
}
