package io.heapscope.app;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.imageio.ImageIO;

import io.heapscope.agent.AgentOptions;
import io.heapscope.agent.SnapshotOptions;
import io.heapscope.engine.EngineConfig;
import io.heapscope.engine.Position;
import io.heapscope.lesson.Lesson;
import io.heapscope.lesson.LessonException;
import io.heapscope.lesson.LessonHtml;
import io.heapscope.lesson.LessonParser;
import io.heapscope.lesson.LessonRun;
import io.heapscope.lesson.StopPlace;
import io.heapscope.ui.lesson.StopPainter;

/**
 * Exports a lesson as one HTML page: runs its scenario from stop to stop (on a run of its own,
 * block states included), draws each stop's picture ({@link StopPainter}, no JavaFX) and writes
 * {@link LessonHtml}'s page. A lesson that does not hold (a stop not reached, a highlight that
 * names nothing, a wrong answer) is refused with its problems, and nothing is written.
 */
public final class LessonExport {

    private LessonExport() {
    }

    /** Writes {@code lessonFile} as HTML to {@code out}; returns the number of stops. */
    public static int export(Path lessonFile, Path out) throws IOException {
        LessonParser.Result parsed = LessonParser.parse(lessonFile, Files.readString(lessonFile));
        if (parsed.lesson().isEmpty()) {
            throw new LessonException(parsed.diagnostics());
        }
        Lesson lesson = parsed.lesson().get();
        EngineConfig config = EngineConfig.headless(AgentOptions.core()).withSnapshots(SnapshotOptions.ALL);
        List<LessonHtml.Page> pages = new ArrayList<>();
        try (LessonRun run = LessonRun.start(lesson, config)) {
            while (run.hasNext()) {
                Optional<StopPlace> place = run.next();
                if (place.isPresent()) {
                    String where = where(run.engine().position());
                    BufferedImage picture = StopPainter.paint(run.engine().snapshot(), run.engine().program().threads(),
                            place.get().targets(), where);
                    pages.add(new LessonHtml.Page(place.get(), where, png(picture)));
                }
            }
            if (!run.problems().isEmpty()) {
                throw new LessonException(run.problems());
            }
        }
        LessonHtml.write(out, LessonHtml.html(lesson, pages));
        return pages.size();
    }

    static String where(Position p) {
        return "Step " + p.step() + " of " + p.totalSteps() + (p.atEnd() ? ", at the end of the scenario"
                : ", before line " + p.line() + " runs");
    }

    private static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(image, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
