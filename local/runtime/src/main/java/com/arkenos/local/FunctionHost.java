package com.arkenos.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.snapstart.PrimedStreamHandler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hosts the template's functions in this JVM the way Lambda hosts them: one handler instance per function, created
 * on first use (the "cold start"), given the environment the template declares, and invoked with event bytes.
 */
public final class FunctionHost {
    public static final String ACCOUNT = "000000000000";
    public static final String REGION = "us-east-1";

    private final SamTemplate template;
    private final Map<String, SamTemplate.FunctionDef> functions = new LinkedHashMap<>();
    private final Map<String, RequestStreamHandler> instances = new ConcurrentHashMap<>();
    private final Map<String, String> resolved;
    private final Map<String, String> runtimeEnv;
    /** Told of each invocation (the local metrics; the bench's counts). */
    private final List<java.util.function.Consumer<Invocation>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * One invocation as Lambda reports it: the function, whether its handler threw (what Lambda counts as Errors),
     * and how long the handler ran (what Lambda bills, before rounding up to the millisecond).
     */
    public record Invocation(String functionId, boolean error, long nanos) {}

    /**
     * @param resolved   what each {@code !Ref}/{@code !GetAtt} name resolves to locally (tables, state machines,
     *                   parameters)
     * @param runtimeEnv variables the runtime adds to every function (local endpoints, sandbox credentials)
     */
    public FunctionHost(SamTemplate template, Map<String, String> resolved, Map<String, String> runtimeEnv) {
        this.template = template;
        template.functions().forEach(f -> functions.put(f.logicalId(), f));
        this.resolved = Map.copyOf(resolved);
        this.runtimeEnv = Map.copyOf(runtimeEnv);
    }

    public static String arn(String functionId) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + functionId;
    }

    public List<SamTemplate.FunctionDef> functions() {
        return List.copyOf(functions.values());
    }

    public boolean has(String functionId) {
        return functions.containsKey(functionId);
    }

    /** The environment {@code functionId} runs with: template variables resolved, then the runtime's. */
    public Map<String, String> environment(String functionId) {
        SamTemplate.FunctionDef def = require(functionId);
        Map<String, String> env = new LinkedHashMap<>();
        def.environment().forEach((k, v) -> env.put(k, Intrinsics.resolve(v, resolved)));
        env.putAll(runtimeEnv);
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionId);
        env.put("AWS_REGION", REGION);
        return env;
    }

    public byte[] invoke(String functionId, byte[] event) throws Exception {
        SamTemplate.FunctionDef def = require(functionId);
        RequestStreamHandler handler = instances.computeIfAbsent(functionId, id -> instantiate(def));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long start = System.nanoTime();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out,
                    new LocalContext(functionId, def.timeoutSeconds()));
        } catch (Exception | Error e) {
            told(new Invocation(functionId, true, System.nanoTime() - start));
            throw e;
        }
        told(new Invocation(functionId, false, System.nanoTime() - start));
        return out.toByteArray();
    }

    private void told(Invocation invocation) {
        listeners.forEach(l -> l.accept(invocation));
    }

    /** Adds a listener told of every invocation from now on, after the handler returned or threw. */
    public void onInvocation(java.util.function.Consumer<Invocation> listener) {
        listeners.add(listener);
    }

    private SamTemplate.FunctionDef require(String functionId) {
        SamTemplate.FunctionDef def = functions.get(functionId);
        if (def == null) {
            throw new IllegalArgumentException("no function '" + functionId + "' in " + template.file()
                    + "; functions: " + String.join(", ", functions.keySet()));
        }
        return def;
    }

    /**
     * Builds the handler as Lambda does, with its no-arg constructor, while the function's environment stands in for
     * the process's ({@link Env#hosting}): the handler asks its wiring, which reads that environment.
     */
    private RequestStreamHandler instantiate(SamTemplate.FunctionDef def) {
        return PrimedStreamHandler.build(def.handlerClass(), Env.of(environment(def.logicalId())));
    }
}
