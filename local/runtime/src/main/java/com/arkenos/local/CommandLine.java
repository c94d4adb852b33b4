package com.arkenos.local;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The flags of one {@code ./stack} command. Anything not declared is refused: a mistyped flag that was silently
 * ignored used to start the stack on other ports or data than the developer meant.
 */
final class CommandLine {
    /** A command line that cannot be run as given; the runtime answers it with the usage and exit code 2. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    private final Set<String> switches;
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> seen = new java.util.HashSet<>();

    CommandLine(List<String> args, Set<String> switches, Set<String> valued) {
        this.switches = switches;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (switches.contains(arg)) {
                seen.add(arg);
            } else if (valued.contains(arg)) {
                if (i + 1 >= args.size()) {
                    throw new UsageError(arg + " needs a value");
                }
                values.put(arg, args.get(++i));
            } else {
                throw new UsageError("unknown " + (arg.startsWith("-") ? "option " : "argument ") + arg);
            }
        }
    }

    boolean has(String flag) {
        if (!switches.contains(flag)) {
            throw new IllegalArgumentException(flag + " is not a switch");
        }
        return seen.contains(flag);
    }

    String value(String flag, String otherwise) {
        return values.getOrDefault(flag, otherwise);
    }

    boolean given(String flag) {
        return values.containsKey(flag);
    }

    /** A TCP port, 0 meaning any free one. */
    int port(String flag, String otherwise) {
        String v = value(flag, otherwise);
        try {
            int port = Integer.parseInt(v);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new UsageError(flag + " takes a port from 0 to 65535, not " + v);
    }

    double number(String flag, String otherwise) {
        String v = value(flag, otherwise);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageError(flag + " takes a number, not " + v);
        }
    }
}
