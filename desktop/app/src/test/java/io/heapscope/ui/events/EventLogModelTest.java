package io.heapscope.ui.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class EventLogModelTest {

    private static final List<EventRow> RUN = List.of(
            new EventRow(0, "PAGE_EXTENDED", "main", "more blocks"),
            new EventRow(3, "DELAYED_NOTIFY", "refresher", "told the owner"),
            new EventRow(3, "PAGE_EXTENDED", "refresher", "more blocks again"),
            new EventRow(7, "PURGE", "main", "decommitted"));

    @Test
    void listsTheRunsEventsUpToTheStepNewestFirst() {
        EventLogModel m = new EventLogModel();
        m.show(RUN, 4);
        assertEquals(List.of("more blocks again", "told the owner", "more blocks"),
                m.visible().stream().map(EventRow::explanation).toList(), "steps 0..3 happened; step 7 not yet");
        assertEquals("3 events so far", m.summary());
        m.show(RUN, 8);
        assertEquals("decommitted", m.visible().getFirst().explanation(), "the newest on top");
        m.show(RUN, 1);
        assertEquals(1, m.visible().size(), "after going back, the later events are not shown");
    }

    @Test
    void filtersByLastStepKindAndText() {
        EventLogModel m = new EventLogModel();
        m.show(RUN, 8);
        assertEquals(List.of(EventLogModel.ALL_KINDS, "DELAYED_NOTIFY", "PAGE_EXTENDED", "PURGE"), m.kinds());
        m.kindProperty().set("PAGE_EXTENDED");
        assertEquals(2, m.visible().size());
        m.textProperty().set("Refresher");
        assertEquals(1, m.visible().size());
        assertEquals("1 of 4 events so far", m.summary());
        m.textProperty().set("");
        m.kindProperty().set(EventLogModel.ALL_KINDS);
        m.show(RUN, 4);
        m.lastStepOnlyProperty().set(true);
        assertEquals(2, m.visible().size(), "the two events of step 3");
        assertEquals("2 events in step 3", m.summary());
        m.show(List.of(new EventRow(0, "COMMIT", "main", "x")), 1);
        m.kindProperty().set("PURGE");
        m.show(List.of(new EventRow(0, "SEGMENT_ALLOC", "main", "y")), 1);
        assertEquals(EventLogModel.ALL_KINDS, m.kindProperty().get(), "a kind that is gone falls back to all");
    }
}
