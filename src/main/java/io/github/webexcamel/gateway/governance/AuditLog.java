package io.github.webexcamel.gateway.governance;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.webexcamel.gateway.state.Batches;
import io.github.webexcamel.gateway.state.WriteBehind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every decision and outcome, in the state store's {@code audit_log}, plus one structured INFO line per record on
 * the {@code io.github.webexcamel.gateway.audit} logger (keyword and sub-command, never message content).
 *
 * <p>The line is written at once; the rows within a tenth of a second, in batches ({@link WriteBehind}). A crash can
 * lose the rows of that last moment from the store, not from the log; a clean stop and every read write them first.
 *
 * <p>PostgreSQL gets a row per record in {@code audit_log}, for operators' own SQL. The embedded store gets a row per
 * batch in {@code audit_batches} (the records as a JSON array, their times' bounds beside): a row per record and its
 * time index cost a tenth of the gateway's CPU per command, in copies of the database's pages. Both answer
 * {@link #find} and {@link #prune} the same; an embedded store's rows from before batches are read with them.
 */
public class AuditLog implements AutoCloseable {

    private static final Logger AUDIT = LoggerFactory.getLogger("io.github.webexcamel.gateway.audit");
    private static final String COLUMNS = "at, person_email, room_id, room_type, keyword, sub_command, arguments, decision,"
            + " approver, outcome, status, detail, duration_ms, reply_message_id, event_id, approval_id";

    private static final String INSERT = "INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_BATCH = "INSERT INTO audit_batches (first_at, last_at, record_count, records)"
            + " VALUES (?, ?, ?, ?)";
    /**
     * A burst's batch goes in rows of about this many characters (200 or so records): far under the column's
     * 1,000,000 with one more record at its longest, and small enough that no row's text is a large object.
     */
    static final int BATCH_CHARS = 60_000;
    /** Batches read per query: what a read holds at once does not grow with the table. */
    private static final int PAGE = 16;
    /** A record in a batch: an array in {@link #COLUMNS}' order (the API's JSON keeps the field names). */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({ "at", "personEmail", "roomId", "roomType", "keyword", "subCommand", "arguments", "decision",
            "approver", "outcome", "status", "detail", "durationMs", "replyMessageId", "eventId", "approvalId" })
    private interface Stored {
    }

    private static final ObjectMapper STORED = new ObjectMapper().addMixIn(AuditRecord.class, Stored.class);
    private static final ObjectWriter RECORD = STORED.writerFor(AuditRecord.class)
            .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    private static final ObjectReader BATCH = STORED.readerForListOf(AuditRecord.class);
    /** Newest first: by time, then by the order they were written. */
    private static final Comparator<Found> NEWEST_FIRST = Comparator.comparingLong((Found f) -> f.record().at())
            .thenComparingLong(Found::order).reversed();

    private final JdbcTemplate jdbc;
    private final boolean rowPerRecord;
    private final WriteBehind<AuditRecord> rows;

    /** The embedded store's layout: a row per batch. */
    public AuditLog(JdbcTemplate jdbc) {
        this(jdbc, false);
    }

    /** @param rowPerRecord a row per record in {@code audit_log} (PostgreSQL), else a row per batch (embedded) */
    public AuditLog(JdbcTemplate jdbc, boolean rowPerRecord) {
        this.jdbc = jdbc;
        this.rowPerRecord = rowPerRecord;
        this.rows = new WriteBehind<>("audit", this::write, AuditLog::sample);
    }

    /** A tenth of a second of /echo at 200 a second, as the writer takes it: what {@code StateRehearsal} writes. */
    private static List<AuditRecord> sample() {
        long now = System.currentTimeMillis();
        List<AuditRecord> batch = new ArrayList<>(20);
        for (int i = 0; i < 20; i++) {
            batch.add(new AuditRecord(now + i, "rehearsal-" + i + "@example.com",
                    "Y2lzY29zcGFyazovL3VzL1JPT00vcmVoZWFyc2FsLXJvb20tMDAwMDAwMDAwMDAw", "direct", "echo", null,
                    "rehearsal " + i, "allowed", null, "ok", null, null, 3L,
                    "Y2lzY29zcGFyazovL3VzL01FU1NBR0UvcmVoZWFyc2FsLXJlcGx5LTAwMDAwMDAw" + i,
                    "Y2lzY29zcGFyazovL3VzL01FU1NBR0UvcmVoZWFyc2FsLWV2ZW50LTAwMDAwMDAw" + i, null));
        }
        return batch;
    }

    public void record(AuditRecord r) {
        if (AUDIT.isInfoEnabled()) {
            AUDIT.info("audit decision={} command={}{} person={} room={} roomType={}{}{}{}{}", r.decision(), r.keyword(),
                    r.subCommand() == null ? "" : " sub=" + r.subCommand(), r.personEmail(), r.roomId(), r.roomType(),
                    r.approver() == null ? "" : " approver=" + r.approver(),
                    r.outcome() == null ? "" : " outcome=" + r.outcome(), r.status() == null ? "" : " status=" + r.status(),
                    r.durationMs() == null ? "" : " durationMs=" + r.durationMs());
        }
        rows.add(r);
    }

    private void write(List<AuditRecord> batch) {
        if (rowPerRecord) {
            Batches.insert(jdbc.getDataSource(), INSERT, batch, AuditLog::bind);
        } else {
            Batches.insert(jdbc.getDataSource(), INSERT_BATCH, chunks(batch), (statement, chunk) -> {
                statement.setLong(1, chunk.firstAt());
                statement.setLong(2, chunk.lastAt());
                statement.setInt(3, chunk.count());
                statement.setString(4, chunk.json());
            });
        }
    }

    record Chunk(long firstAt, long lastAt, int count, String json) {
    }

    /** The batch as JSON arrays of at most {@link #BATCH_CHARS} characters each (one for any usual batch). */
    static List<Chunk> chunks(List<AuditRecord> batch) {
        List<Chunk> chunks = new ArrayList<>(1);
        int from = 0;
        while (from < batch.size()) {
            StringWriter out = new StringWriter(Math.min(BATCH_CHARS + 8 * 1024, 400 * (batch.size() - from)));
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            int to = from;
            try (JsonGenerator json = STORED.createGenerator(out)) {
                json.writeStartArray();
                while (to < batch.size()) {
                    AuditRecord r = batch.get(to++);
                    first = Math.min(first, r.at());
                    last = Math.max(last, r.at());
                    RECORD.writeValue(json, stored(r));
                    if (out.getBuffer().length() + json.getOutputBuffered() >= BATCH_CHARS) {
                        break;
                    }
                }
                json.writeEndArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a StringWriter does not fail
            }
            chunks.add(new Chunk(first, last, to - from, out.toString()));
            from = to;
        }
        return chunks;
    }

    /** A record as the embedded store keeps it, text cut as the columns of {@code audit_log} cut it. */
    private static AuditRecord stored(AuditRecord r) {
        String arguments = cut(r.arguments(), 2000);
        String detail = cut(r.detail(), 500);
        return arguments == r.arguments() && detail == r.detail() ? r
                : new AuditRecord(r.at(), r.personEmail(), r.roomId(), r.roomType(), r.keyword(), r.subCommand(), arguments,
                        r.decision(), r.approver(), r.outcome(), r.status(), detail, r.durationMs(), r.replyMessageId(),
                        r.eventId(), r.approvalId());
    }

    static List<AuditRecord> records(String batch) {
        try {
            return BATCH.readValue(batch);
        } catch (IOException e) {
            throw new IllegalStateException("An audit batch in the state store is not what this gateway writes: "
                    + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement s, AuditRecord r) throws SQLException {
        s.setLong(1, r.at());
        Batches.setString(s, 2, r.personEmail());
        Batches.setString(s, 3, r.roomId());
        Batches.setString(s, 4, r.roomType());
        Batches.setString(s, 5, r.keyword());
        Batches.setString(s, 6, r.subCommand());
        Batches.setString(s, 7, cut(r.arguments(), 2000));
        Batches.setString(s, 8, r.decision());
        Batches.setString(s, 9, r.approver());
        Batches.setString(s, 10, r.outcome());
        Batches.setInt(s, 11, r.status());
        Batches.setString(s, 12, cut(r.detail(), 500));
        Batches.setLong(s, 13, r.durationMs());
        Batches.setString(s, 14, r.replyMessageId());
        Batches.setString(s, 15, r.eventId());
        Batches.setString(s, 16, r.approvalId());
    }

    /** Writes the rows still waiting (a read sees everything recorded before it). */
    public void flush() {
        rows.flush();
    }

    @Override
    public void close() {
        rows.close();
    }

    /** Newest first. Any filter may be null. */
    public List<AuditRecord> find(Instant since, String person, String keyword, int limit) {
        flush();
        int max = Math.max(1, Math.min(limit, 10_000));
        String email = person == null || person.isBlank() ? null : person.strip().toLowerCase(Locale.ROOT);
        String command = keyword == null || keyword.isBlank() ? null
                : keyword.strip().replaceFirst("^/", "").toLowerCase(Locale.ROOT);
        List<AuditRecord> perRecord = findRows(since, email, command, max);
        if (rowPerRecord) {
            return perRecord;
        }
        // a legacy row counts as written before every batch: it was
        List<Found> found = new ArrayList<>();
        for (int i = 0; i < perRecord.size(); i++) {
            found.add(new Found(perRecord.get(i), Long.MIN_VALUE + perRecord.size() - i));
        }
        findInBatches(since == null ? Long.MIN_VALUE : since.toEpochMilli(), email, command, max, found);
        found.sort(NEWEST_FIRST);
        return found.stream().limit(max).map(Found::record).toList();
    }

    /** A record and where it was written (batch id, then position), to order records of the same millisecond. */
    private record Found(AuditRecord record, long order) {
    }

    /**
     * Batches by their newest record, newest first: every record since {@code since} is in a batch whose newest is
     * since then, and once {@code max} are found a batch whose newest is older than all of them has none to add.
     */
    private void findInBatches(long since, String email, String command, int max, List<Found> found) {
        long beforeAt = Long.MAX_VALUE;
        long beforeId = Long.MAX_VALUE;
        while (true) {
            List<Object[]> page = jdbc.query("SELECT id, last_at, records FROM audit_batches WHERE last_at >= ?"
                            + " AND (last_at < ? OR (last_at = ? AND id < ?)) ORDER BY last_at DESC, id DESC LIMIT " + PAGE,
                    (rs, n) -> new Object[] { rs.getLong(1), rs.getLong(2), rs.getString(3) },
                    since, beforeAt, beforeAt, beforeId);
            for (Object[] batch : page) {
                long id = (Long) batch[0];
                long lastAt = (Long) batch[1];
                if (found.size() >= max) {
                    found.sort(NEWEST_FIRST);
                    found.subList(max, found.size()).clear();
                    if (lastAt < found.get(max - 1).record().at()) {
                        return;
                    }
                }
                List<AuditRecord> records = records((String) batch[2]);
                for (int i = 0; i < records.size(); i++) {
                    AuditRecord r = records.get(i);
                    if (r.at() >= since && (email == null || email.equals(lower(r.personEmail())))
                            && (command == null || command.equals(r.keyword()))) {
                        // ids stay far below 2^43: the position fits under the id
                        found.add(new Found(r, (id << 20) + i));
                    }
                }
                beforeAt = lastAt;
                beforeId = id;
            }
            if (page.size() < PAGE) {
                return;
            }
        }
    }

    private List<AuditRecord> findRows(Instant since, String email, String command, int max) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (since != null) {
            sql.append(" AND at >= ?");
            args.add(since.toEpochMilli());
        }
        if (email != null) {
            sql.append(" AND LOWER(person_email) = ?");
            args.add(email);
        }
        if (command != null) {
            sql.append(" AND keyword = ?");
            args.add(command);
        }
        sql.append(" ORDER BY at DESC, id DESC LIMIT ").append(max);
        return jdbc.query(sql.toString(), AuditLog::row, args.toArray());
    }

    /** Removes the records older than {@code before}; answers how many. */
    public int prune(Instant before) {
        flush();
        long cutoff = before.toEpochMilli();
        int pruned = jdbc.update("DELETE FROM audit_log WHERE at < ?", cutoff);
        if (rowPerRecord) {
            return pruned;
        }
        Integer whole = jdbc.queryForObject("SELECT COALESCE(SUM(record_count), 0) FROM audit_batches WHERE last_at < ?",
                Integer.class, cutoff);
        jdbc.update("DELETE FROM audit_batches WHERE last_at < ?", cutoff);
        pruned += whole == null ? 0 : whole;
        // what is left with an older record holds newer ones too (usually one batch, at the cut): rewritten without it
        List<Object[]> straddling = jdbc.query("SELECT id, records FROM audit_batches WHERE first_at < ?",
                (rs, n) -> new Object[] { rs.getLong(1), rs.getString(2) }, cutoff);
        for (Object[] batch : straddling) {
            List<AuditRecord> all = records((String) batch[1]);
            List<AuditRecord> kept = all.stream().filter(r -> r.at() >= cutoff).toList();
            Chunk chunk = chunks(kept).get(0); // fewer records than the batch had: one chunk
            if (jdbc.update("UPDATE audit_batches SET first_at = ?, last_at = ?, record_count = ?, records = ? WHERE id = ?",
                    chunk.firstAt(), chunk.lastAt(), chunk.count(), chunk.json(), batch[0]) == 1) {
                pruned += all.size() - kept.size();
            }
        }
        return pruned;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static AuditRecord row(ResultSet rs, int n) throws SQLException {
        return new AuditRecord(rs.getLong("at"), rs.getString("person_email"), rs.getString("room_id"),
                rs.getString("room_type"), rs.getString("keyword"), rs.getString("sub_command"), rs.getString("arguments"),
                rs.getString("decision"), rs.getString("approver"), rs.getString("outcome"),
                (Integer) rs.getObject("status", Integer.class), rs.getString("detail"),
                (Long) rs.getObject("duration_ms", Long.class), rs.getString("reply_message_id"), rs.getString("event_id"),
                rs.getString("approval_id"));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
