package io.heapscope.trace;

import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Program;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the events {@code [from, to)} of a replayed trace ({@link TraceReplay}) as an editable
 * scenario. Objects are elements of one array {@code b}, numbered in the order the scenario
 * creates them. Objects the range frees or resizes but that were allocated before it are
 * allocated first, by the thread that allocated them (a thread that had exited by then exits
 * after its allocations). Gaps in the recorded clock of a millisecond or more become
 * {@code sleep}s. Runs of statements that repeat with the sizes and array indices changing by a
 * constant step from one repetition to the next are folded into a {@code for} loop (bodies of up
 * to {@value #MAX_BODY} statements, at least {@value #MIN_REPEATS} repetitions).
 */
public final class TraceScenario {

    public static final int MAX_BODY = 8;
    public static final int MIN_REPEATS = 3;
    /** The longest range written: a scenario is for reading and editing. */
    public static final long MAX_EVENTS = 2_000_000;

    private static final int ALLOC = 0, FREE = 1, REALLOC = 2, EXIT = 3, SLEEP = 4;
    private static final long MS = 1_000_000;

    /** One scenario statement: handles are indices into {@code b}; {@code size} is ms for a sleep. */
    private record Stmt(int kind, String thread, long size, long align, boolean zero, long h1, long h2) {
    }

    private record Live(String thread, long size, long align, boolean zero) {
    }

    private final List<Stmt> prologue = new ArrayList<>();
    private final List<Stmt> body = new ArrayList<>();
    private final Map<Integer, Long> objectOfSlot = new HashMap<>();   // handle slot -> object (an op index)
    private final Map<Long, Live> liveBefore = new LinkedHashMap<>();  // objects born before the range
    private final Map<Long, Long> index = new HashMap<>();             // object -> array index
    private final Set<String> exitedBefore = new LinkedHashSet<>();
    private final Set<String> threads = new LinkedHashSet<>();
    private long nextIndex;
    private long clock, written;

    private TraceScenario() {
    }

    /** The scenario text of steps {@code [from, to)} of {@code program} (a loaded trace). */
    public static String write(Program program, String source, long from, long to) {
        if (to - from > MAX_EVENTS) {
            throw new IllegalArgumentException("a scenario of more than " + String.format("%,d", MAX_EVENTS)
                    + " events is too long to read; choose a smaller range with --from and --to");
        }
        TraceScenario s = new TraceScenario();
        List<Op> ops = program.ops();
        int n = ops.size();
        for (int i = 0; i < n; i++) {
            Op op = ops.get(i);
            if (op.step() >= to) {
                break;
            }
            s.op(i, op, op.step() >= from);
        }
        return s.text(source, from, to);
    }

    private void op(int i, Op op, boolean inRange) {
        switch (op) {
            case Op.Sleep sl -> {
                clock += sl.nanos();
                if (inRange && clock - written >= MS) {
                    long ms = (clock - written) / MS;
                    body.add(new Stmt(SLEEP, "", ms, 0, false, 0, 0));
                    written += ms * MS;
                }
                if (!inRange) {
                    written = clock;
                }
            }
            case Op.Alloc a -> {
                long object = i;
                objectOfSlot.put(a.handle().index(), object);
                if (inRange) {
                    threads.add(a.thread());
                    body.add(new Stmt(ALLOC, a.thread(), a.size(), a.align(), a.zero(), indexOf(object), 0));
                } else {
                    liveBefore.put(object, new Live(a.thread(), a.size(), a.align(), a.zero()));
                }
            }
            case Op.Free f -> {
                Long object = objectOfSlot.remove(f.handle().index());
                if (inRange) {
                    threads.add(f.thread());
                    body.add(new Stmt(FREE, f.thread(), 0, 0, false, use(object), 0));
                } else {
                    liveBefore.remove(object);
                }
            }
            case Op.Realloc r -> {
                Long old = objectOfSlot.remove(r.from().index());
                long object = i;
                objectOfSlot.put(r.to().index(), object);
                if (inRange) {
                    threads.add(r.thread());
                    long from = use(old);
                    body.add(new Stmt(REALLOC, r.thread(), r.size(), 0, false, from, indexOf(object)));
                } else {
                    Live was = liveBefore.remove(old);
                    liveBefore.put(object, new Live(was == null ? r.thread() : was.thread(), r.size(), 0, false));
                }
            }
            case Op.ThreadExit x -> {
                if (inRange) {
                    threads.add(x.thread());
                    body.add(new Stmt(EXIT, x.thread(), 0, 0, false, 0, 0));
                } else {
                    exitedBefore.add(x.thread());
                }
            }
            case Op.ThreadStart st -> {
                if (!inRange) {
                    exitedBefore.remove(st.thread());   // a thread slot started again
                }
            }
            default -> { }   // options and expects belong to the expect file
        }
    }

    /** The array index of an object born before the range, allocated by the prologue. */
    private long use(Long object) {
        Long at = index.get(object);
        if (at != null) {
            return at;
        }
        Live l = liveBefore.get(object);
        long ix = indexOf(object);
        threads.add(l.thread());
        prologue.add(new Stmt(ALLOC, l.thread(), l.size(), l.align(), l.zero(), ix, 0));
        return ix;
    }

    private long indexOf(long object) {
        return index.computeIfAbsent(object, o -> nextIndex++);
    }

    private String text(String source, long from, long to) {
        List<Stmt> all = new ArrayList<>(prologue);
        Set<String> prologueExits = new LinkedHashSet<>();
        for (Stmt p : prologue) {
            if (exitedBefore.contains(p.thread())) {
                prologueExits.add(p.thread());
            }
        }
        for (String t : prologueExits) {
            all.add(new Stmt(EXIT, t, 0, 0, false, 0, 0));
        }
        all.addAll(dropEarlyExits(body, prologueExits));
        StringBuilder out = new StringBuilder();
        out.append("# Events ").append(from).append("..").append(to).append(" of the trace ").append(source)
                .append(", written by heapscope trace-to-scenario.\n");
        if (!prologue.isEmpty()) {
            out.append("# The first ").append(prologue.size())
                    .append(" allocation(s) stand for blocks allocated before the range and used in it.\n");
        }
        out.append("thread ").append(threads.isEmpty() ? "t0" : String.join(", ", threads)).append("\n\n");
        fold(all, out);
        return out.toString();
    }

    /** Only a thread's last exit is written: a scenario thread cannot run after it exits. */
    private static List<Stmt> dropEarlyExits(List<Stmt> stmts, Set<String> exitedInPrologue) {
        Map<String, Integer> last = new HashMap<>();
        for (int i = 0; i < stmts.size(); i++) {
            last.put(stmts.get(i).thread(), i);
        }
        List<Stmt> kept = new ArrayList<>();
        for (int i = 0; i < stmts.size(); i++) {
            Stmt s = stmts.get(i);
            if (s.kind() == EXIT && (last.get(s.thread()) != i || exitedInPrologue.contains(s.thread()))) {
                continue;
            }
            kept.add(s);
        }
        return kept;
    }

    private static void fold(List<Stmt> s, StringBuilder out) {
        int pos = 0;
        while (pos < s.size()) {
            int bestBody = 1, bestCount = 1;
            for (int p = 1; p <= MAX_BODY && pos + 2 * p <= s.size(); p++) {
                int count = repeats(s, pos, p);
                if (count >= MIN_REPEATS && (long) count * p > (long) bestCount * bestBody) {
                    bestBody = p;
                    bestCount = count;
                }
            }
            if (bestCount == 1) {
                out.append(line(s.get(pos), null, "")).append('\n');
                pos++;
                continue;
            }
            out.append("for i in 0..").append(bestCount).append(" {\n");
            for (int j = 0; j < bestBody; j++) {
                out.append("  ").append(line(s.get(pos + j), s.get(pos + bestBody + j), "i")).append('\n');
            }
            out.append("}\n");
            pos += bestBody * bestCount;
        }
    }

    /** How many times the {@code p} statements at {@code pos} repeat, each field by a constant step. */
    private static int repeats(List<Stmt> s, int pos, int p) {
        for (int j = 0; j < p; j++) {
            if (!alike(s.get(pos + j), s.get(pos + p + j))) {
                return 1;
            }
        }
        int k = 2;
        while (pos + (k + 1) * p <= s.size()) {
            for (int j = 0; j < p; j++) {
                Stmt a = s.get(pos + j), b = s.get(pos + p + j), c = s.get(pos + k * p + j);
                if (!alike(a, c) || c.size() - a.size() != k * (b.size() - a.size())
                        || c.h1() - a.h1() != k * (b.h1() - a.h1()) || c.h2() - a.h2() != k * (b.h2() - a.h2())) {
                    return k;
                }
            }
            k++;
        }
        return k;
    }

    private static boolean alike(Stmt a, Stmt b) {
        return a.kind() == b.kind() && a.thread().equals(b.thread()) && a.align() == b.align()
                && a.zero() == b.zero() && b.size() >= a.size() && b.h1() >= a.h1() && b.h2() >= a.h2()
                && (a.kind() != SLEEP || a.size() == b.size());
    }

    /** One statement; inside a loop, {@code next} is its second repetition and gives the steps. */
    private static String line(Stmt s, Stmt next, String var) {
        String size = next == null ? bytes(s.size()) : affine(s.size(), next.size() - s.size(), var, true);
        String h1 = "b[" + (next == null ? Long.toString(s.h1()) : affine(s.h1(), next.h1() - s.h1(), var, false)) + "]";
        String h2 = "b[" + (next == null ? Long.toString(s.h2()) : affine(s.h2(), next.h2() - s.h2(), var, false)) + "]";
        String t = s.thread() + ": ";
        return switch (s.kind()) {
            case ALLOC -> t + h1 + " = " + (s.zero() ? "zalloc " : "malloc ") + size
                    + (s.align() != 0 ? " align " + bytes(s.align()) : "");
            case FREE -> t + "free " + h1;
            case REALLOC -> t + h2 + " = realloc " + h1 + " " + size;
            case EXIT -> t + "exit";
            default -> "sleep " + s.size() + "ms";
        };
    }

    private static String affine(long base, long step, String var, boolean size) {
        String b = size ? bytes(base) : Long.toString(base);
        if (step == 0) {
            return b;
        }
        String term = (step == 1 ? "" : (size ? bytes(step) : Long.toString(step)) + " * ") + var;
        if (size && step == 1) {
            term = var + " * 1 B";
        }
        return base == 0 && !size ? term : b + " + " + term;
    }

    static String bytes(long n) {
        String[] units = {"GiB", "MiB", "KiB"};
        long[] scale = {1L << 30, 1L << 20, 1L << 10};
        for (int u = 0; u < units.length; u++) {
            if (n >= scale[u] && n % scale[u] == 0) {
                return n / scale[u] + " " + units[u];
            }
        }
        return n + " B";
    }
}
