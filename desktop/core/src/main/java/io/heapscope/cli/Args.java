package io.heapscope.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed command line: positional arguments and {@code --name value} / {@code --flag} options
 * ({@code --name=value} works too). Options are checked against what the command accepts.
 */
final class Args {

    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();

    /**
     * @param valued options that take a value
     * @param flags  options that take none
     */
    static Args parse(List<String> args, Set<String> valued, Set<String> flags) throws UsageException {
        Args a = new Args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.equals("--")) {
                a.positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                a.options.put(name, "");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                a.options.put(name, value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return a;
    }

    List<String> positional() {
        return positional;
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(options.get(name));
    }

    Optional<Long> number(String name) throws UsageException {
        Optional<String> v = value(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            long n = Long.parseLong(v.get().replace("_", ""));
            if (n < 0) {
                throw new UsageException("--" + name + " must not be negative: " + v.get());
            }
            return Optional.of(n);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a whole number, not '" + v.get() + "'");
        }
    }
}
