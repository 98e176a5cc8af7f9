package io.github.webexcamel.gateway.llm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-space conversation memory for {@code /ask}: the last question/answer turns of each space, bounded by
 * turns and by characters (oldest dropped first), and by the number of spaces remembered (least recent dropped).
 * In memory only: a restart forgets, which is acceptable for chat context.
 */
public class LlmMemory {

    record Turn(String question, String answer) {
        int length() {
            return question.length() + answer.length();
        }
    }

    private final int maxTurns;
    private final int maxChars;
    private final Map<String, Deque<Turn>> bySpace;

    public LlmMemory(int maxTurns, int maxChars, int maxSpaces) {
        this.maxTurns = maxTurns;
        this.maxChars = maxChars;
        this.bySpace = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Turn>> eldest) {
                return size() > maxSpaces;
            }
        };
    }

    /** The remembered turns of a space as chat messages, oldest first. */
    public synchronized List<Map<String, Object>> messages(String space) {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (Turn turn : bySpace.getOrDefault(space, new ArrayDeque<>())) {
            messages.add(Map.of("role", "user", "content", turn.question()));
            messages.add(Map.of("role", "assistant", "content", turn.answer()));
        }
        return messages;
    }

    public synchronized void remember(String space, String question, String answer) {
        if (maxTurns <= 0 || space == null) {
            return;
        }
        Deque<Turn> turns = bySpace.computeIfAbsent(space, s -> new ArrayDeque<>());
        turns.addLast(new Turn(question, answer));
        int chars = turns.stream().mapToInt(Turn::length).sum();
        while (!turns.isEmpty() && (turns.size() > maxTurns || chars > maxChars)) {
            chars -= turns.removeFirst().length();
        }
    }

    public synchronized void forget(String space) {
        bySpace.remove(space);
    }
}
