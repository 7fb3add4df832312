package io.heapscope.ui.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class EventLogModelTest {

    @Test
    void filtersByKindAndText() {
        EventLogModel m = new EventLogModel();
        m.show(List.of(new EventRow("PAGE_EXTENDED", "main", "more blocks"),
                new EventRow("DELAYED_NOTIFY", "refresher", "told the owner"),
                new EventRow("PAGE_EXTENDED", "refresher", "more blocks again")));
        assertEquals(List.of(EventLogModel.ALL_KINDS, "DELAYED_NOTIFY", "PAGE_EXTENDED"), m.kinds());
        assertEquals(3, m.visible().size());
        m.kindProperty().set("PAGE_EXTENDED");
        assertEquals(2, m.visible().size());
        m.textProperty().set("Refresher");
        assertEquals(1, m.visible().size());
        assertEquals("1 of 3 events in this step", m.summary());
        m.show(List.of(new EventRow("PURGE", "main", "x")));
        assertEquals(EventLogModel.ALL_KINDS, m.kindProperty().get(), "a kind that is gone falls back to all");
    }
}
