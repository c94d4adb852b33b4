package com.arkenos.telephony.testing;

import com.arkenos.devkit.dynamo.LocalDynamoDb;
import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.telephony.core.Env;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One DynamoDB Local per test JVM, in memory, with the tables template.yaml declares, and the environment the
 * template gives a function (table names resolved to the tables' logical ids, as the local runtime does).
 */
public final class LocalStack {
    private static LocalDynamoDb dynamo;
    private static SamTemplate template;

    private LocalStack() {
    }

    public static synchronized LocalDynamoDb dynamo() {
        if (dynamo == null) {
            template = SamTemplate.find();
            dynamo = LocalDynamoDb.inMemory();
            dynamo.createTables(template);
            Runtime.getRuntime().addShutdownHook(new Thread(dynamo::close));
        }
        return dynamo;
    }

    public static synchronized SamTemplate template() {
        dynamo();
        return template;
    }

    /** The environment of {@code functionId} from the template, pointed at the local DynamoDB. */
    public static Env env(String functionId, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        template().function(functionId).environment().forEach((k, v) -> env.put(k, resolve(v)));
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo().endpoint());
        env.put("AWS_REGION", "us-east-1");
        // Header mode, as on the local stack: the tests' requests name their owner in x-user-id (jwt mode has tests
        // of its own, which pass AUTH_MODE in extra).
        env.put("AUTH_MODE", "header");
        env.putAll(extra);
        return Env.of(env);
    }

    public static Env env(String functionId) {
        return env(functionId, Map.of());
    }

    /** {@code !Ref Table} becomes the logical id; other intrinsics keep their parameter default where there is one. */
    @SuppressWarnings("unchecked")
    private static String resolve(Object value) {
        if (value instanceof Map<?, ?> m && m.containsKey("Ref")) {
            String ref = String.valueOf(m.get("Ref"));
            Object def = template.parameterDefaults().get(ref);
            return def instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                    : def != null ? String.valueOf(def) : ref;
        }
        // !Join [',', !Ref AList]: a CommaDelimitedList parameter passed on as its default, comma-joined
        if (value instanceof Map<?, ?> m && m.get("Fn::Join") instanceof List<?> join && join.size() == 2
                && join.get(1) instanceof Map<?, ?>) {
            return resolve(join.get(1)).replace(",", String.valueOf(join.get(0)));
        }
        return String.valueOf(value);
    }
}
