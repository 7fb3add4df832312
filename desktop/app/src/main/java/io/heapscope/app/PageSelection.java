package io.heapscope.app;

import io.heapscope.app.session.SessionControls;
import io.heapscope.model.BlockState;
import io.heapscope.ui.addressspace.SliceRef;
import io.heapscope.ui.details.DetailsView;
import io.heapscope.ui.events.EventRow;
import io.heapscope.ui.pageinspector.PageBlocks;
import io.heapscope.ui.pageinspector.PageInspectorView;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Shows the slice selected in the address space: its page in the page inspector and the slice in
 * Details; on a live core run the page's free lists are then fetched from the engine in their
 * real order, and shown if the same page of the same picture is still selected. Details shows
 * what was chosen last: the slice, a block clicked in the inspector, or an event of the log; a
 * new picture refreshes it only while it shows the slice.
 */
final class PageSelection {

    private final AppServices services;
    private final PageInspectorView pageInspector;
    private final DetailsView details;
    private StepPicture picture;
    private boolean detailsShowSlice = true;

    PageSelection(AppServices services, PageInspectorView pageInspector, DetailsView details) {
        this.services = services;
        this.pageInspector = pageInspector;
        this.details = details;
        pageInspector.selectedBlockProperty().addListener((o, a, block) -> {
            if (block != null) {
                detailsShowSlice = false;
                details.show(SelectionDetails.of(block, pageInspector.describe(block.block())));
            }
        });
    }

    /** The user selected {@code ref} in the address space (null: nothing). */
    void select(SliceRef ref, StepPicture at, boolean live) {
        detailsShowSlice = true;
        show(ref, at, live);
    }

    /** A new picture: the selected slice as it has it. */
    void refresh(SliceRef ref, StepPicture at, boolean live) {
        show(ref, at, live);
    }

    /** An event chosen in the log goes to Details, until the next selection. */
    void showEvent(EventRow row) {
        detailsShowSlice = false;
        details.show(SelectionDetails.of(row));
    }

    /** Shows {@code ref} (null: nothing selected) as {@code at} has it; {@code live}: the picture is the run's, not a saved one. */
    private void show(SliceRef ref, StepPicture at, boolean live) {
        picture = at;
        Optional<PageBlocks> page = ref == null || !ref.kind().isPage() ? Optional.empty()
                : at.pages().apply(ref.spanAddress());
        pageInspector.pageProperty().set(page.orElse(null));
        if (detailsShowSlice) {
            details.show(SelectionDetails.of(ref, at.space().threadNames(), page));
        }
        page.filter(p -> at.core() && p.hasBlockStates() && live).ifPresent(this::fetchFreeLists);
    }

    private void fetchFreeLists(PageBlocks page) {
        StepPicture at = picture;
        SessionControls session = services.session();
        int max = Math.max(1, page.reserved());
        CompletableFuture<int[]> free = session.freeList(page.address(), BlockState.FREE, max);
        CompletableFuture<int[]> local = session.freeList(page.address(), BlockState.LOCAL_FREE, max);
        CompletableFuture<int[]> remote = session.freeList(page.address(), BlockState.THREAD_FREE, max);
        CompletableFuture.allOf(free, local, remote).thenRun(() -> services.door().run(() -> {
            if (picture == at && pageInspector.pageProperty().get() == page) {
                pageInspector.pageProperty().set(page.withLists(free.join(), local.join(), remote.join()));
            }
        }));
    }
}
