package io.github.webexcamel.gateway.a2a;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.webexcamel.gateway.state.Upsert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The A2A conversation of each Webex thread, in the state store, so a restart or a new leader continues it:
 * {@code contextId} for follow-ups, the last {@code taskId} and its state for form submits and cancels. A
 * conversation is kept per agent URL (another agent does not know the context) and for {@code ttl}.
 */
public class AgentConversations {

    private static final Logger LOG = LoggerFactory.getLogger(AgentConversations.class);

    /** {@code askedBy}: who asked the question whose form is open in the thread (input-required), else null. */
    public record Conversation(String threadId, String roomId, String contextId, String taskId, String taskState,
                               String askedBy) {
    }

    private final JdbcTemplate jdbc;
    private final Duration ttl;
    private final AtomicInteger writes = new AtomicInteger();

    public AgentConversations(JdbcTemplate jdbc, Duration ttl) {
        this.jdbc = jdbc;
        this.ttl = ttl;
    }

    public Conversation find(String threadId, String agentUrl) {
        if (threadId == null) {
            return null;
        }
        List<Conversation> rows = jdbc.query("SELECT thread_id, room_id, context_id, task_id, task_state, asked_by"
                        + " FROM a2a_conversation WHERE thread_id = ? AND agent_url = ? AND updated_at > ?",
                (rs, i) -> new Conversation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6)),
                threadId, agentUrl, System.currentTimeMillis() - ttl.toMillis());
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Records who asked the question whose form the agent has just sent into the thread. */
    public void askedBy(String threadId, String personEmail) {
        try {
            jdbc.update("UPDATE a2a_conversation SET asked_by = ? WHERE thread_id = ?", personEmail, threadId);
        } catch (RuntimeException e) {
            LOG.warn("Could not remember who asked the agent in a thread: {}", e.getMessage());
        }
    }

    public void save(String threadId, String roomId, String agentUrl, String contextId, String taskId, String state) {
        if (threadId == null) {
            return;
        }
        try {
            long now = System.currentTimeMillis();
            Upsert.run(jdbc, "UPDATE a2a_conversation SET room_id = ?, agent_url = ?, context_id = ?, task_id = ?,"
                            + " task_state = ?, updated_at = ? WHERE thread_id = ?",
                    new Object[] { roomId, agentUrl, contextId, taskId, state, now, threadId },
                    "INSERT INTO a2a_conversation (thread_id, room_id, agent_url, context_id, task_id, task_state, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    new Object[] { threadId, roomId, agentUrl, contextId, taskId, state, now });
            if (writes.incrementAndGet() % 100 == 0) {
                jdbc.update("DELETE FROM a2a_conversation WHERE updated_at < ?", now - ttl.toMillis());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not remember the agent conversation of a thread: {}", e.getMessage());
        }
    }
}
