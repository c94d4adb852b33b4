package com.arkenos.localstack.provisioning;

import com.arkenos.devkit.template.SamTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the CloudFormation intrinsics that template.yaml uses in function environments and state machine
 * substitutions ({@code Ref}, {@code Fn::Join}, {@code Fn::Sub}, {@code Fn::GetAtt}) against what a test deployed,
 * the way CloudFormation would: a name that nothing was deployed for is an error, never silently left as text.
 */
final class TemplateValues {
    private static final Pattern SUB = Pattern.compile("\\$\\{([A-Za-z0-9:._]+)}");

    /** The stack name the tests deploy as (the AWS::StackName pseudo parameter every stack has). */
    static final String STACK_NAME = "arkenos-telephony-test";

    private final Map<String, Object> names = new LinkedHashMap<>();

    /** Starts with the template's parameter defaults; {@link #put} adds (or overrides) deployed resources. */
    TemplateValues(SamTemplate template) {
        names.put("AWS::StackName", STACK_NAME);
        Map<String, Object> types = new LinkedHashMap<>();
        SamTemplateRaw.parameters(template).forEach((name, def) -> types.put(name, def.get("Type")));
        template.parameterDefaults().forEach((name, value) -> {
            if (value == null) {
                return;
            }
            // A CommaDelimitedList parameter is a list for Fn::Join, as in CloudFormation.
            names.put(name, "CommaDelimitedList".equals(types.get(name)) && value instanceof String s
                    ? List.of(s.split(",", -1)) : value);
        });
    }

    TemplateValues put(String name, Object value) {
        names.put(name, value);
        return this;
    }

    String resolve(Object value) {
        Object v = value(value);
        if (v instanceof List<?> l) {
            return String.join(",", l.stream().map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }

    /** Every variable of {@code function}'s environment (globals merged with its own), resolved. */
    Map<String, String> environment(SamTemplate.FunctionDef function) {
        Map<String, String> env = new LinkedHashMap<>();
        function.environment().forEach((k, v) -> env.put(k, resolve(v)));
        return env;
    }

    private Object value(Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            return value;
        }
        if (m.containsKey("Ref")) {
            return lookup(String.valueOf(m.get("Ref")));
        }
        if (m.containsKey("Fn::GetAtt")) {
            Object a = m.get("Fn::GetAtt");
            return lookup(a instanceof List<?> l ? l.get(0) + "." + l.get(1) : String.valueOf(a));
        }
        if (m.containsKey("Fn::Join") && m.get("Fn::Join") instanceof List<?> args && args.size() == 2) {
            Object parts = value(args.get(1));
            if (!(parts instanceof List<?> list)) {
                throw new IllegalArgumentException("Fn::Join needs a list: " + m);
            }
            return String.join(String.valueOf(args.get(0)), list.stream().map(this::resolve).toList());
        }
        if (m.containsKey("Fn::Sub")) {
            Object s = m.get("Fn::Sub");
            Matcher mt = SUB.matcher(s instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(s));
            StringBuilder b = new StringBuilder();
            while (mt.find()) {
                mt.appendReplacement(b, Matcher.quoteReplacement(resolve(lookup(mt.group(1)))));
            }
            mt.appendTail(b);
            return b.toString();
        }
        throw new IllegalArgumentException("intrinsic not resolvable in this test: " + m.keySet());
    }

    private Object lookup(String name) {
        if (!names.containsKey(name)) {
            throw new IllegalArgumentException(
                    "template.yaml refers to '" + name + "', which this test did not deploy");
        }
        return names.get(name);
    }
}
