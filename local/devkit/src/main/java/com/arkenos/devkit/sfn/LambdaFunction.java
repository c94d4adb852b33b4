package com.arkenos.devkit.sfn;

/**
 * A function served by {@link LambdaInvokeServer}: takes the invocation payload (JSON bytes) and returns the result
 * payload. A thrown exception becomes a Lambda function error whose {@code errorType} is the exception's class name,
 * which is what Step Functions Retry and Catch match on.
 */
@FunctionalInterface
public interface LambdaFunction {
    byte[] invoke(byte[] payload) throws Exception;
}
