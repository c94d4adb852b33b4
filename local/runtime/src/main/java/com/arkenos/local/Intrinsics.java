package com.arkenos.local;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resolves the CloudFormation intrinsics the template uses in environment variables and substitutions. */
final class Intrinsics {
    private static final Pattern SUB = Pattern.compile("\\$\\{([A-Za-z0-9:._]+)}");

    private Intrinsics() {
    }

    static String resolve(Object value, Map<String, String> names) {
        if (value instanceof Map<?, ?> m) {
            if (m.containsKey("Ref")) {
                return lookup(String.valueOf(m.get("Ref")), names);
            }
            if (m.containsKey("Fn::GetAtt")) {
                Object v = m.get("Fn::GetAtt");
                String key = v instanceof List<?> l ? l.get(0) + "." + l.get(1) : String.valueOf(v);
                return lookup(key, names);
            }
            if (m.containsKey("Fn::Sub")) {
                Object v = m.get("Fn::Sub");
                String text = v instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(v);
                Matcher mt = SUB.matcher(text);
                StringBuilder b = new StringBuilder();
                while (mt.find()) {
                    mt.appendReplacement(b, Matcher.quoteReplacement(lookup(mt.group(1), names)));
                }
                mt.appendTail(b);
                return b.toString();
            }
            if (m.containsKey("Fn::Join")) {
                List<?> args = (List<?>) m.get("Fn::Join");
                Object parts = args.get(1);
                if (parts instanceof Map<?, ?>) {
                    // a list-valued !Ref (CommaDelimitedList parameter) resolves to its comma-joined default
                    return resolve(parts, names).replace(",", String.valueOf(args.get(0)));
                }
                StringBuilder b = new StringBuilder();
                for (Object part : (List<?>) parts) {
                    b.append(b.length() == 0 ? "" : String.valueOf(args.get(0))).append(resolve(part, names));
                }
                return b.toString();
            }
            throw new IllegalArgumentException("unsupported intrinsic locally: " + m.keySet());
        }
        return String.valueOf(value);
    }

    private static String lookup(String name, Map<String, String> names) {
        String v = names.get(name);
        if (v == null) {
            throw new IllegalArgumentException("the local runtime cannot resolve '" + name + "'");
        }
        return v;
    }
}
