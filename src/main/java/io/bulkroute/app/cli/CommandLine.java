package io.bulkroute.app.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A parsed command line: the command, its positional arguments and its {@code --options}. */
public record CommandLine(String command, List<String> arguments, Map<String, String> options) {
    private static final Set<String> FLAGS = Set.of("help", "serial", "force", "open");

    public static CommandLine parse(String[] args) {
        String command = null;
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h")) {
                a = "--help";
            }
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (FLAGS.contains(name)) {
                    value = "true";
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException("--" + name + " needs a value");
                }
                options.put(name, value);
            } else if (a.startsWith("-") && a.length() > 1) {
                throw new UsageException("unknown option " + a);
            } else if (command == null) {
                command = a;
            } else {
                positional.add(a);
            }
        }
        return new CommandLine(command == null ? "run" : command, positional, options);
    }

    public boolean has(String option) {
        return options.containsKey(option);
    }

    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /** Refuses options this command does not know. */
    public void allowOnly(Set<String> allowed) {
        for (String name : options.keySet()) {
            if (!allowed.contains(name)) {
                throw new UsageException("unknown option --" + name + " for '" + command + "'");
            }
        }
    }

    public int intOption(String name, int fallback) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " takes a number, not '" + v + "'");
        }
    }
}
