package io.heapscope.scenario.syntax;

import io.heapscope.scenario.ast.Expr;
import io.heapscope.scenario.ast.HandleRef;
import io.heapscope.scenario.ast.Name;
import io.heapscope.scenario.ast.Script;
import io.heapscope.scenario.ast.Setting;
import io.heapscope.scenario.ast.Statement;
import io.heapscope.scenario.lang.Unit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Writes a syntax tree back as scenario text in the canonical layout: one statement per line,
 * loop bodies indented by two spaces, parentheses only where precedence needs them. Comments and
 * blank lines are not kept. Parsing the output gives the same tree (spans aside), which makes
 * this a formatter for editors and a round-trip check for the parser.
 */
public final class ScenarioPrinter {

    private static final String INDENT = "  ";

    private final StringBuilder out = new StringBuilder();

    private ScenarioPrinter() {
    }

    public static String print(Script script) {
        ScenarioPrinter printer = new ScenarioPrinter();
        printer.statements(script.statements(), "");
        return printer.out.toString();
    }

    private void statements(List<Statement> statements, String indent) {
        for (Statement statement : statements) {
            out.append(indent);
            statement(statement, indent);
            out.append('\n');
        }
    }

    private void statement(Statement statement, String indent) {
        switch (statement) {
            case Statement.Threads threads -> out.append("thread ").append(
                    threads.names().stream().map(Name::text).collect(Collectors.joining(", ")));
            case Statement.OnThread onThread -> {
                onThread.thread().ifPresent(t -> out.append(t.text()).append(": "));
                onThread(onThread, indent);
            }
            case Statement.Sleep sleep -> out.append("sleep ").append(expression(sleep.duration()));
            case Statement.SetOption set -> out.append("set ").append(set.option().text())
                    .append(" = ").append(switch (set.value()) {
                        case Setting.Switch flag -> flag.word();
                        case Setting.Design design -> design.word();
                        case Setting.Amount(Expr value) -> expression(value);
                    });
            case Statement.Expect expect -> {
                out.append("expect ");
                if (!expect.columns().isEmpty()) {
                    out.append('[').append(String.join(", ", expect.columns().stream().map(Name::text).toList()))
                            .append("] ");
                }
                out.append(expression(expect.left())).append(' ')
                        .append(expect.comparison().symbol()).append(' ')
                        .append(expression(expect.right()));
                expect.message().ifPresent(m -> out.append(' ').append(quote(m)));
            }
            case Statement.Mark mark -> out.append("mark ").append(mark.name().text());
        }
    }

    private void onThread(Statement.OnThread statement, String indent) {
        switch (statement) {
            case Statement.Allocate a -> {
                out.append(handle(a.target())).append(" = ").append(a.kind().word()).append(' ');
                a.count().ifPresent(c -> out.append(expression(c)).append(" x "));
                out.append(expression(a.size()));
                a.alignment().ifPresent(e -> out.append(" align ").append(expression(e)));
                a.heap().ifPresent(h -> out.append(" in ").append(h.text()));
            }
            case Statement.Reallocate r -> {
                r.target().ifPresent(t -> out.append(handle(t)).append(" = "));
                out.append("realloc ").append(handle(r.source())).append(' ')
                        .append(expression(r.size()));
            }
            case Statement.Free free -> out.append("free ").append(handle(free.handle()));
            case Statement.Touch touch -> out.append("touch ").append(handle(touch.handle()));
            case Statement.HeapCommand c -> out.append(c.action().word()).append(" heap ")
                    .append(c.heap().text());
            case Statement.Collect c -> out.append(c.force() ? "collect force" : "collect");
            case Statement.ThreadCommand c -> out.append(c.action().word());
            case Statement.Repeat repeat -> {
                out.append("repeat ").append(expression(repeat.count()));
                repeat.variable().ifPresent(v -> out.append(" as ").append(v.text()));
                block(repeat.body(), indent);
            }
            case Statement.For loop -> {
                out.append("for ").append(loop.variable().text()).append(" in ")
                        .append(expression(loop.from())).append("..")
                        .append(expression(loop.to()));
                block(loop.body(), indent);
            }
        }
    }

    private void block(List<Statement> body, String indent) {
        out.append(" {\n");
        statements(body, indent + INDENT);
        out.append(indent).append('}');
    }

    private static String handle(HandleRef ref) {
        return switch (ref) {
            case HandleRef.Single single -> single.name().text();
            case HandleRef.Element element -> element.name().text() + "["
                    + expression(element.index()) + "]";
            case HandleRef.Slice slice -> slice.name().text() + "[" + expression(slice.from())
                    + ".." + expression(slice.to()) + "]";
        };
    }

    private static String expression(Expr expr) {
        return switch (expr) {
            case Expr.Literal literal -> literal.unit() == Unit.NONE ? literal.text()
                    : literal.text() + " " + literal.unit().symbol();
            case Expr.Variable variable -> variable.name().text();
            case Expr.MetricRef metric -> metric.metric().text()
                    + metric.argument().map(a -> "(" + a.text() + ")").orElse("")
                    + metric.mark().map(m -> "@" + m.text()).orElse("");
            case Expr.Negate negate -> "-" + operand(negate.operand(), Optional.empty(), false);
            case Expr.Binary binary -> operand(binary.left(), Optional.of(binary), false) + " "
                    + binary.operator().symbol() + " "
                    + operand(binary.right(), Optional.of(binary), true);
        };
    }

    /**
     * An operand, in parentheses when printing it bare would regroup it: a lower-precedence
     * operation under a higher one, an equal one on the right (operators associate left), or
     * any operation under unary minus.
     */
    private static String operand(Expr child, Optional<Expr.Binary> parent, boolean right) {
        if (child instanceof Expr.Binary inner) {
            boolean needed = parent.map(p -> {
                int outer = p.operator().precedence();
                int own = inner.operator().precedence();
                return own < outer || (right && own == outer);
            }).orElse(true);
            if (needed) {
                return "(" + expression(inner) + ")";
            }
        }
        return expression(child);
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("\n", "\\n").replace("\t", "\\t") + '"';
    }
}
