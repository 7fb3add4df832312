package io.heapscope.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The agent timeout can be set with -Dheapscope.agent.timeout=SECONDS; a bad value says which property. */
class AgentOptionsTest {

    @Test
    void withoutThePropertyTheDefaultHolds() {
        assertEquals(AgentOptions.DEFAULT_TIMEOUT, AgentOptions.timeoutFrom(null));
        assertEquals(AgentOptions.DEFAULT_TIMEOUT, AgentOptions.timeoutFrom(" "));
    }

    @Test
    void secondsAndFractionsAreRead() {
        assertEquals(Duration.ofSeconds(5), AgentOptions.timeoutFrom("5"));
        assertEquals(Duration.ofMillis(250), AgentOptions.timeoutFrom("0.25"));
        assertEquals(Duration.ofSeconds(120), AgentOptions.timeoutFrom(" 120 "));
    }

    @Test
    void badValuesNameTheProperty() {
        for (String bad : new String[] {"five", "0", "-3", "NaN", "1e9"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.timeoutFrom(bad));
            assertTrue(e.getMessage().startsWith("-Dheapscope.agent.timeout=" + bad + ": "), e.getMessage());
        }
    }

    @Test
    void theCorePresetUsesTheProperty() {
        String before = System.getProperty(AgentOptions.TIMEOUT_PROPERTY);
        try {
            System.setProperty(AgentOptions.TIMEOUT_PROPERTY, "7");
            assertEquals(Duration.ofSeconds(7), AgentOptions.core().timeout());
        } finally {
            if (before == null) System.clearProperty(AgentOptions.TIMEOUT_PROPERTY);
            else System.setProperty(AgentOptions.TIMEOUT_PROPERTY, before);
        }
    }
}
