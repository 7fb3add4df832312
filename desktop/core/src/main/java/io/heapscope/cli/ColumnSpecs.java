package io.heapscope.cli;

import io.heapscope.engine.Column;
import io.heapscope.scenario.CompileResult;
import io.heapscope.scenario.ScenarioCompiler;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.OptionValue;
import io.heapscope.scenario.source.Diagnostic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The columns of {@code heapscope compare}: {@code --backend} lists them, each a backend name or
 * {@code LABEL=BACKEND} (so one backend can be two columns); {@code --set} gives option settings,
 * {@code COLUMN:OPTION=VALUE,...}, where COLUMN is a label or a backend (then every column of it).
 * A value is written as on a scenario's {@code set} line ({@code 0}, {@code 1s}, {@code off}).
 */
final class ColumnSpecs {

    private ColumnSpecs() {
    }

    static List<Column> parse(String backends, String sets, Optional<String> design) throws UsageException {
        List<String[]> specs = new ArrayList<>();   // {label, backend}
        for (String item : backends.split(",", -1)) {
            String s = item.strip();
            int eq = s.indexOf('=');
            String label = eq < 0 ? s : s.substring(0, eq).strip();
            String backend = eq < 0 ? s : s.substring(eq + 1).strip();
            Context.backend(backend);
            if (!label.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
                throw new UsageException("column label '" + label + "' is not a name (letters, digits, _ and -)");
            }
            for (String[] other : specs) {
                if (other[0].equals(label)) {
                    throw new UsageException("column '" + label + "' is named twice in --backend"
                            + (eq < 0 ? "; label them: --backend a=" + backend + ",b=" + backend : ""));
                }
            }
            specs.add(new String[] {label, backend});
        }
        List<Map<String, OptionValue>> settings = new ArrayList<>();
        specs.forEach(s -> settings.add(new LinkedHashMap<>()));
        if (!sets.isEmpty()) {
            for (String item : sets.split(",", -1)) {
                apply(item.strip(), specs, settings);
            }
        }
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            try {
                columns.add(new Column(specs.get(i)[0], specs.get(i)[1], Context.backend(specs.get(i)[1], design, false),
                        settings.get(i)));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--set: " + e.getMessage());
            }
        }
        return columns;
    }

    private static void apply(String item, List<String[]> specs, List<Map<String, OptionValue>> settings)
            throws UsageException {
        int colon = item.indexOf(':');
        int eq = item.indexOf('=');
        if (colon <= 0 || eq < colon + 2 || eq == item.length() - 1) {
            throw new UsageException("--set '" + item + "': write COLUMN:OPTION=VALUE, e.g. core:purge_delay=0");
        }
        String target = item.substring(0, colon);
        String option = item.substring(colon + 1, eq).strip();
        OptionValue value = value(option, item.substring(eq + 1).strip(), item);
        boolean any = false;
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i)[0].equals(target) || specs.get(i)[1].equals(target)) {
                settings.get(i).put(option, value);
                any = true;
            }
        }
        if (!any) {
            throw new UsageException("--set '" + item + "': no column is called " + target);
        }
    }

    /** The value as the scenario language reads it on a {@code set} line. */
    private static OptionValue value(String option, String text, String item) throws UsageException {
        CompileResult compiled = ScenarioCompiler.compile("--set", "set " + option + " = " + text + "\n");
        if (compiled.program().isEmpty()) {
            String why = compiled.errors().stream().map(Diagnostic::message).findFirst().orElse("not a value");
            throw new UsageException("--set '" + item + "': " + why);
        }
        return compiled.program().get().ops().stream().filter(o -> o instanceof Op.SetOption)
                .map(o -> ((Op.SetOption) o).value()).findFirst()
                .orElseThrow(() -> new UsageException("--set '" + item + "': not a setting"));
    }
}
