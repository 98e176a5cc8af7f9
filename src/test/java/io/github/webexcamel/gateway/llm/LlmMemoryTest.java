package io.github.webexcamel.gateway.llm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LlmMemoryTest {

    @Test
    void keepsTheNewestTurnsWithinTurnAndCharacterBounds() {
        LlmMemory memory = new LlmMemory(2, 35, 10);
        memory.remember("room", "q1", "a1");
        memory.remember("room", "q2", "a2");
        memory.remember("room", "q3", "a3");
        assertThat(memory.messages("room")).extracting(m -> m.get("content")).containsExactly("q2", "a2", "q3", "a3");
        memory.remember("room", "a long question here", "a long answer");
        assertThat(memory.messages("room")).extracting(m -> m.get("content")).containsExactly("a long question here", "a long answer");
        assertThat(memory.messages("other")).isEmpty();
    }

    @Test
    void forgetsTheLeastRecentSpaceBeyondTheBound() {
        LlmMemory memory = new LlmMemory(2, 1000, 2);
        memory.remember("a", "q", "a");
        memory.remember("b", "q", "a");
        memory.remember("c", "q", "a");
        assertThat(memory.messages("a")).isEmpty();
        assertThat(memory.messages("c")).hasSize(2);
    }
}
