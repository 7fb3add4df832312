package io.heapscope.lesson;

import io.heapscope.engine.Engine;
import io.heapscope.model.BlockState;
import io.heapscope.model.Page;
import io.heapscope.model.Segment;
import io.heapscope.model.Snapshot;
import io.heapscope.scenario.op.HandleKey;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Program;
import io.heapscope.scenario.source.SourceSpan;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiConsumer;

/** Finds what each highlight names in the heap where the engine stands, or says why nothing. */
final class Resolver {

    private final Engine engine;
    private final Program program;
    private final BiConsumer<SourceSpan, String> problem;
    private final Snapshot snapshot;

    Resolver(Engine engine, Program program, BiConsumer<SourceSpan, String> problem) {
        this.engine = engine;
        this.program = program;
        this.problem = problem;
        this.snapshot = engine.snapshot();
    }

    Optional<Target> resolve(Highlight h) {
        return switch (h) {
            case Highlight.OfThread t -> thread(t);
            case Highlight.Segment s -> address(h, s.handle()).flatMap(a -> segment(h, s.handle(), a))
                    .map(seg -> new Target.OfSegment(h, Target.Locus.of(seg, 0), seg.address()));
            case Highlight.Page p -> page(h, p.handle()).map(pg -> new Target.OfPage(h, pg.locus(), pg.page().pageStart()));
            case Highlight.Block b -> page(h, b.handle()).map(pg -> {
                int index = (int) ((pg.address() - pg.page().pageStart()) / pg.page().blockSize());
                BlockState state = pg.page().blocks().captured() ? pg.page().blocks().state(index) : null;
                return new Target.OfBlock(h, pg.locus(), pg.page().pageStart(), index, state);
            });
            case Highlight.FreeList l -> page(h, l.handle()).flatMap(pg -> list(l, pg));
            case Highlight.Timeline t -> timeline(t);
        };
    }

    private record Placed(Page page, Target.Locus locus, long address) {
    }

    private Optional<Target> thread(Highlight.OfThread t) {
        int index = program.threads().indexOf(t.name());
        if (index < 0) {
            problem.accept(t.span(), "the scenario has no thread '" + t.name() + "'; it declares "
                    + String.join(", ", program.threads()));
            return Optional.empty();
        }
        if (snapshot.thread(index).isEmpty()) {
            problem.accept(t.span(), "thread " + t.name() + " has not started at this stop");
            return Optional.empty();
        }
        return Optional.of(new Target.OfThread(t, index, t.name()));
    }

    private Optional<Long> address(Highlight h, HandleKey key) {
        OptionalLong at = engine.addressOf(key);
        if (at.isEmpty()) {
            problem.accept(h.span(), key + " has not been allocated by this stop");
            return Optional.empty();
        }
        return Optional.of(at.getAsLong());
    }

    private Optional<Segment> segment(Highlight h, HandleKey key, long address) {
        Optional<Segment> seg = snapshot.segments().stream().filter(s -> s.contains(address)).findFirst();
        if (seg.isEmpty()) {
            problem.accept(h.span(), key + "'s block lies in no segment at this stop: the segment was released");
        }
        return seg;
    }

    private Optional<Placed> page(Highlight h, HandleKey key) {
        Optional<Long> at = address(h, key);
        if (at.isEmpty()) {
            return Optional.empty();
        }
        long address = at.get();
        Optional<Page> page = snapshot.pageContaining(address);
        if (page.isEmpty()) {
            problem.accept(h.span(), key + "'s block lies in no page at this stop: its page went back to its segment");
            return Optional.empty();
        }
        return segment(h, key, address).map(seg -> new Placed(page.get(), Target.Locus.of(seg, page.get().sliceIndex()), address));
    }

    private Optional<Target> list(Highlight.FreeList l, Placed pg) {
        Page p = pg.page();
        int length = switch (l.list()) {
            case FREE -> p.freeCount();
            case LOCAL_FREE -> p.localFreeCount();
            case THREAD_FREE -> p.threadFreeCount();
            case DELAYED -> p.delayedCount();
            default -> 0;
        };
        if (length == 0) {
            problem.accept(l.span(), "the " + LessonWords.listWord(l.list()) + " list of " + l.handle()
                    + "'s page is empty at this stop");
            return Optional.empty();
        }
        return Optional.of(new Target.OfList(l, pg.locus(), p.pageStart(), l.list(), length));
    }

    private Optional<Target> timeline(Highlight.Timeline t) {
        OptionalLong from = point(t, t.from());
        OptionalLong to = point(t, t.to());
        if (from.isEmpty() || to.isEmpty()) {
            return Optional.empty();
        }
        if (from.getAsLong() >= to.getAsLong()) {
            problem.accept(t.span(), "the timeline range is empty: " + t.from() + " is step " + from.getAsLong()
                    + ", " + t.to() + " is step " + to.getAsLong());
            return Optional.empty();
        }
        return Optional.of(new Target.OfTimeline(t, from.getAsLong(), to.getAsLong()));
    }

    private OptionalLong point(Highlight.Timeline t, String word) {
        long total = engine.position().totalSteps();
        if (word.equals("start")) {
            return OptionalLong.of(0);
        }
        if (word.equals("end")) {
            return OptionalLong.of(total);
        }
        if (Character.isDigit(word.charAt(0))) {
            long step = Long.parseLong(word);
            if (step > total) {
                problem.accept(t.span(), "step " + step + " is past the end: the scenario has " + total + " steps");
                return OptionalLong.empty();
            }
            return OptionalLong.of(step);
        }
        List<Op> ops = program.ops();
        for (Op op : ops) {
            if (op instanceof Op.Mark m && m.name().equals(word)) {
                return OptionalLong.of(m.step() + 1L);
            }
        }
        problem.accept(t.span(), "the scenario has no 'mark " + word + "'");
        return OptionalLong.empty();
    }
}
