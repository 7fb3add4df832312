package io.heapscope.app;

import java.util.List;
import java.util.Optional;

import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

import io.heapscope.lesson.Target;
import io.heapscope.model.Snapshot;
import io.heapscope.ui.addressspace.AddressSpaceView;
import io.heapscope.ui.pageinspector.BlockState;
import io.heapscope.ui.pageinspector.PageBlocks;
import io.heapscope.ui.pageinspector.PageInspectorView;
import io.heapscope.ui.threads.ThreadsView;
import io.heapscope.ui.timeline.TimelineView;

/**
 * Points the heap views at a lesson stop's targets, in the window's own run: a segment or page is
 * found by its segment's serial number and slice (the window's agent maps memory elsewhere than
 * the run that resolved the lesson), then selected in the address space and shown in the page
 * inspector; a block or list is pointed at there; a thread is selected in the Threads view; a
 * timeline range is shaded. The view that shows the most is brought to the front.
 */
final class LessonHighlights {

    private final AddressSpaceView space;
    private final PageInspectorView inspector;
    private final ThreadsView threads;
    private final TimelineView timeline;
    private final TabPane views;

    LessonHighlights(AddressSpaceView space, PageInspectorView inspector, ThreadsView threads, TimelineView timeline,
                     TabPane views) {
        this.space = space;
        this.inspector = inspector;
        this.threads = threads;
        this.timeline = timeline;
        this.views = views;
    }

    /** Shows {@code targets} on {@code picture}; false when the picture has no snapshot to find them in. */
    boolean show(List<Target> targets, StepPicture picture) {
        Optional<Snapshot> snapshot = picture.snapshot();
        timeline.highlight(1, 0);
        inspector.pointAt(0, -1);
        if (snapshot.isEmpty()) {
            return false;
        }
        long sliceSize = picture.space().sliceSize();
        String front = "";
        for (Target t : targets) {
            switch (t) {
                case Target.OfThread th -> {
                    threads.select(th.index());
                    front = front.isEmpty() ? "Threads" : front;
                }
                case Target.OfTimeline r -> timeline.highlight(r.from(), r.to());
                case Target.OfSegment s -> {
                    s.segment().sliceAddressIn(snapshot.get(), sliceSize).ifPresent(space::select);
                    front = front.equals("Page inspector") ? front : "Address space";
                }
                default -> {
                    Optional<Long> at = t.locus().flatMap(l -> l.sliceAddressIn(snapshot.get(), sliceSize));
                    if (at.isPresent() && space.select(at.get())) {
                        front = "Page inspector";
                        picture.pages().apply(at.get()).ifPresent(page -> point(t, page));
                    }
                }
            }
        }
        String tab = front;
        views.getTabs().stream().filter(x -> x.getText().equals(tab)).findFirst()
                .ifPresent((Tab x) -> views.getSelectionModel().select(x));
        return true;
    }

    private void point(Target t, PageBlocks page) {
        switch (t) {
            case Target.OfBlock b -> inspector.pointAt(page.address(), b.index());
            case Target.OfList l -> {
                BlockState wanted = switch (l.list()) {
                    case FREE -> BlockState.FREE;
                    case LOCAL_FREE -> BlockState.LOCAL_FREE;
                    case THREAD_FREE -> BlockState.THREAD_FREE;
                    default -> BlockState.DELAYED;
                };
                for (int i = 0; i < page.blockCount(); i++) {
                    if (page.state(i) == wanted) {
                        inspector.pointAt(page.address(), i);
                        return;
                    }
                }
            }
            default -> { }
        }
    }
}
