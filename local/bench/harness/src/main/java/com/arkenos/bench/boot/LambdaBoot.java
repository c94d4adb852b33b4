package com.arkenos.bench.boot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the Lambda Java runtime does on a cold start, in a fresh JVM next to the function jar: load the handler
 * class, construct it (the init phase), optionally run the SnapStart priming hook ({@code beforeCheckpoint}), then
 * hand it the event bytes (the first invocation) and a second time (a warm invocation). It prints one line,
 * {@code @@BOOT ...}, with {@link System#nanoTime()} stamps that the harness compares with the instant it launched
 * the JVM (both read CLOCK_MONOTONIC on Linux).
 *
 * <p>It uses nothing but the JDK and reflection, so the class path holds the function jar and this class alone.
 * The harness copies this class file to a directory of its own; keep it a single class (no lambdas, no nested
 * classes).
 */
public final class LambdaBoot implements InvocationHandler {
    private final String functionName;

    private LambdaBoot(String functionName) {
        this.functionName = functionName;
    }

    /** args: HANDLER (class or class::method), EVENT_FILE, then optionally {@code --prime}. */
    public static void main(String[] args) throws Throwable {
        long main = System.nanoTime();
        String handlerName = args[0];
        int sep = handlerName.indexOf("::");
        String className = sep < 0 ? handlerName : handlerName.substring(0, sep);
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        boolean prime = args.length > 2 && args[2].equals("--prime");

        Class<?> type = Class.forName(className);
        Object handler = type.getConstructor().newInstance();
        long init = System.nanoTime();

        long primed = init;
        String primeState = "none";
        if (prime) {
            Method hook = findHook(type);
            if (hook == null) {
                primeState = "no_hook";
            } else {
                try {
                    hook.invoke(handler, new Object[] {null});
                    primeState = "ok";
                } catch (InvocationTargetException e) {
                    primeState = "failed:" + e.getCause();
                }
            }
            primed = System.nanoTime();
        }

        Class<?> contextType = Class.forName("com.amazonaws.services.lambda.runtime.Context");
        Object context = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {contextType},
                new LambdaBoot(System.getenv("AWS_LAMBDA_FUNCTION_NAME")));
        Method handle = type.getMethod("handleRequest", InputStream.class, OutputStream.class, contextType);

        String first = invoke(handle, handler, event, context);
        long done = System.nanoTime();
        String second = invoke(handle, handler, event, context);
        long again = System.nanoTime();

        System.out.flush();
        System.out.println("@@BOOT main=" + main + " init=" + init + " primed=" + primed + " done=" + done
                + " again=" + again + " prime=" + primeState.replace(' ', '_') + " answer=" + summary(first)
                + " answer2=" + summary(second));
        System.out.flush();
        // Lambda freezes the process here; a benchmark has no use for the SDKs' non-daemon threads.
        Runtime.getRuntime().halt(0);
    }

    private static Method findHook(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals("org.crac.Resource")) {
                    try {
                        return type.getMethod("beforeCheckpoint", Class.forName("org.crac.Context", false,
                                type.getClassLoader()));
                    } catch (ReflectiveOperationException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    private static String invoke(Method handle, Object handler, byte[] event, Object context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handle.invoke(handler, new ByteArrayInputStream(event), out, context);
            return out.toString(StandardCharsets.UTF_8);
        } catch (InvocationTargetException e) {
            return "ERROR:" + e.getCause().getClass().getName();
        } catch (IllegalAccessException e) {
            return "ERROR:" + e;
        }
    }

    /** The status code of an HTTP answer, or the first characters of any other answer, without spaces. */
    private static String summary(String answer) {
        int at = answer.indexOf("\"statusCode\"");
        if (at >= 0) {
            int colon = answer.indexOf(':', at);
            StringBuilder digits = new StringBuilder();
            for (int i = colon + 1; i < answer.length() && digits.length() < 3; i++) {
                char c = answer.charAt(i);
                if (Character.isDigit(c)) {
                    digits.append(c);
                } else if (digits.length() > 0) {
                    break;
                }
            }
            return "http" + digits;
        }
        String s = answer.length() > 60 ? answer.substring(0, 60) : answer;
        return s.replaceAll("\\s+", "");
    }

    /** The Lambda context: what the runtime would answer, with nothing that reaches outside this process. */
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "getAwsRequestId":
                return "bench-request";
            case "getFunctionName":
                return functionName;
            case "getFunctionVersion":
                return "$LATEST";
            case "getLogGroupName":
                return "/aws/lambda/" + functionName;
            case "getLogStreamName":
                return "bench";
            case "getInvokedFunctionArn":
                return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
            case "getRemainingTimeInMillis":
                return 60_000;
            case "getMemoryLimitInMB":
                return 1024;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "toString":
                return "LambdaContext[" + functionName + "]";
            default:
                return null;
        }
    }
}
