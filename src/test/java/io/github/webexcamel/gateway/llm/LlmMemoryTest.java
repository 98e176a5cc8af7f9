package io.github.webexcamel.gateway.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.state.TestStateStore;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class LlmMemoryTest {

    private final JdbcTemplate jdbc = TestStateStore.memory();

    @Test
    void keepsTheNewestTurnsWithinTurnAndCharacterBounds() {
        LlmMemory memory = new LlmMemory(2, 35, jdbc, new ObjectMapper());
        memory.remember("room", "q1", "a1");
        memory.remember("room", "q2", "a2");
        memory.remember("room", "q3", "a3");
        assertThat(memory.messages("room")).extracting(m -> m.get("content")).containsExactly("q2", "a2", "q3", "a3");
        memory.remember("room", "a long question here", "a long answer");
        assertThat(memory.messages("room")).extracting(m -> m.get("content")).containsExactly("a long question here", "a long answer");
        assertThat(memory.messages("other")).isEmpty();
    }

    @Test
    void survivesANewInstanceOnTheSameStore() {
        new LlmMemory(2, 1000, jdbc, new ObjectMapper()).remember("a", "q", "answer");
        assertThat(new LlmMemory(2, 1000, jdbc, new ObjectMapper()).messages("a"))
                .extracting(m -> m.get("content")).containsExactly("q", "answer");
    }
}
