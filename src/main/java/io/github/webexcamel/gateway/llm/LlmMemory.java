package io.github.webexcamel.gateway.llm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.state.Upsert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Per-space conversation memory for {@code /ask}: the last question/answer turns of each space, bounded by turns
 * and by characters (oldest dropped first), kept in the state store so a restart or a new leader remembers; the
 * number of spaces remembered is bounded by the pruning route (least recently used go).
 */
public class LlmMemory {

    private static final Logger LOG = LoggerFactory.getLogger(LlmMemory.class);
    private static final TypeReference<List<Turn>> TURNS = new TypeReference<>() {
    };

    record Turn(String question, String answer) {
        int length() {
            return question.length() + answer.length();
        }
    }

    private final int maxTurns;
    private final int maxChars;
    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    public LlmMemory(int maxTurns, int maxChars, JdbcTemplate jdbc, ObjectMapper mapper) {
        this.maxTurns = maxTurns;
        this.maxChars = maxChars;
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /** The remembered turns of a space as chat messages, oldest first. */
    public List<Map<String, Object>> messages(String space) {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (Turn turn : turns(space)) {
            messages.add(Map.of("role", "user", "content", turn.question()));
            messages.add(Map.of("role", "assistant", "content", turn.answer()));
        }
        return messages;
    }

    public void remember(String space, String question, String answer) {
        if (maxTurns <= 0 || space == null) {
            return;
        }
        Deque<Turn> turns = new ArrayDeque<>(turns(space));
        turns.addLast(new Turn(question, answer));
        int chars = turns.stream().mapToInt(Turn::length).sum();
        while (!turns.isEmpty() && (turns.size() > maxTurns || chars > maxChars)) {
            chars -= turns.removeFirst().length();
        }
        try {
            String json = mapper.writeValueAsString(turns);
            long now = System.currentTimeMillis();
            Upsert.run(jdbc, "UPDATE llm_memory SET turns = ?, updated_at = ? WHERE room_id = ?",
                    new Object[] { json, now, space },
                    "INSERT INTO llm_memory (room_id, turns, updated_at) VALUES (?, ?, ?)", new Object[] { space, json, now });
        } catch (Exception e) {
            LOG.warn("Could not remember an /ask turn: {}", e.getMessage());
        }
    }

    public void forget(String space) {
        jdbc.update("DELETE FROM llm_memory WHERE room_id = ?", space);
    }

    private List<Turn> turns(String space) {
        if (space == null) {
            return List.of();
        }
        List<String> rows = jdbc.queryForList("SELECT turns FROM llm_memory WHERE room_id = ?", String.class, space);
        if (rows.isEmpty()) {
            return List.of();
        }
        try {
            return mapper.readValue(rows.get(0), TURNS);
        } catch (Exception e) {
            LOG.warn("Ignoring unreadable /ask memory of a space: {}", e.getMessage());
            return List.of();
        }
    }
}
