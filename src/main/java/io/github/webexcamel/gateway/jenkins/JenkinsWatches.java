package io.github.webexcamel.gateway.jenkins;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.command.CommandException;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The queued and running Jenkins builds the gateway reports on: a bounded watch list in the state store (so a
 * restart or a new leader keeps following them), polled by the timer route {@code jenkins-watch}
 * (routes/gateway/jenkins-watch.camel.yaml) — queue item, then the build — so no thread waits while a build runs.
 * A finished build's result goes into the thread that asked for it. No credentials are stored: the poll
 * authenticates with the configured Jenkins user and token.
 */
public class JenkinsWatches {

    private static final Logger LOG = LoggerFactory.getLogger(JenkinsWatches.class);

    /** One watched build; {@code buildUrl} is null while it waits in the queue. */
    public static final class Watch {
        final String id;
        final String room;
        final String parent;
        final String job;
        final String queueUrl;
        final Instant deadline;
        volatile String buildUrl;

        Watch(String id, String room, String parent, String job, String queueUrl, String buildUrl, Instant deadline) {
            this.id = id;
            this.room = room;
            this.parent = parent;
            this.job = job;
            this.queueUrl = queueUrl;
            this.buildUrl = buildUrl;
            this.deadline = deadline;
        }
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final int max;
    private final Duration maxWatch;
    private final String authorization;
    /** Watches whose report is being posted (System.nanoTime() of the poll that found them finished). */
    private final Map<String, Long> reporting = new ConcurrentHashMap<>();
    // longer than any post takes (the write budget, 2 min by default): a report that never said how it went is
    // tried again after this
    private static final long REPORTING_NANOS = Duration.ofMinutes(10).toNanos();

    public JenkinsWatches(JdbcTemplate jdbc, ObjectMapper mapper, int max, Duration maxWatch, String user, String token) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.max = max;
        this.maxWatch = maxWatch;
        this.authorization = user == null || user.isBlank() || token == null || token.isBlank() ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    /** Watches a queued build; {@code jenkinsUrl} is the configured root, the only place a queue item may be. */
    void add(Exchange exchange, String jenkinsUrl, String job, String location) {
        String root = jenkinsUrl.strip().replaceAll("/+$", "");
        if (!location.startsWith(root + "/")) {
            LOG.warn("Jenkins queued {} at {}, outside {}: not followed", job, location, root);
            throw new CommandException("Jenkins queued " + job + " but answered with an unexpected queue URL; not watching it.");
        }
        if (size() >= max) {
            throw new CommandException("Queued " + job + ", but I am already watching " + max + " builds: check Jenkins for the result.");
        }
        jdbc.update("INSERT INTO jenkins_watches (id, room_id, parent_id, job, queue_url, build_url, deadline, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, NULL, ?, ?)", UUID.randomUUID().toString(),
                exchange.getIn().getHeader(WebexConstants.ROOM_ID, String.class),
                exchange.getIn().getHeader(WebexConstants.PARENT_ID, String.class), job,
                location.endsWith("/") ? location : location + "/", Instant.now().plus(maxWatch).toEpochMilli(),
                System.currentTimeMillis());
    }

    public List<Watch> due() {
        long now = System.nanoTime();
        reporting.values().removeIf(since -> now - since > REPORTING_NANOS);
        return jdbc.query("SELECT id, room_id, parent_id, job, queue_url, build_url, deadline FROM jenkins_watches"
                + " ORDER BY created_at", (rs, n) -> new Watch(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7))))
                .stream().filter(watch -> !reporting.containsKey(watch.id)).toList();
    }

    public int size() {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM jenkins_watches", Integer.class);
        return count == null ? 0 : count;
    }

    /** Sets up the GET of the watch in the body (queue item, or the build once it started). */
    public void request(Exchange exchange) {
        Watch watch = exchange.getIn().getBody(Watch.class);
        exchange.setVariable("jenkinsWatch", watch);
        exchange.setVariable("jenkinsDone", false);
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, "GET");
        exchange.getIn().setHeader(Exchange.HTTP_URI, watch.buildUrl == null ? watch.queueUrl + "api/json"
                : watch.buildUrl + "api/json?tree=number,result,building,duration,url");
        if (authorization != null) {
            exchange.getIn().setHeader("Authorization", authorization);
        }
        exchange.getIn().setBody(null);
    }

    /** Reads the answer; when the build finished (or cannot be followed) the body becomes the report to post. */
    public void update(Exchange exchange) throws Exception {
        Watch watch = exchange.getVariable("jenkinsWatch", Watch.class);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = exchange.getMessage().getBody(String.class);
        exchange.getMessage().removeHeaders("*");
        if (status == 200) {
            JsonNode json = mapper.readTree(body);
            if (watch.buildUrl == null) {
                if (json.path("cancelled").asBoolean(false)) {
                    report(exchange, watch, "The queued build of **" + watch.job + "** was cancelled.");
                } else if (json.path("executable").path("url").isTextual()) {
                    String url = json.path("executable").path("url").asText();
                    watch.buildUrl = url.endsWith("/") ? url : url + "/";
                    jdbc.update("UPDATE jenkins_watches SET build_url = ? WHERE id = ?", watch.buildUrl, watch.id);
                }
            } else if (!json.path("building").asBoolean(true) && json.hasNonNull("result")) {
                long seconds = json.path("duration").asLong() / 1000;
                String duration = seconds >= 60 ? seconds / 60 + "m " + seconds % 60 + "s" : seconds + "s";
                report(exchange, watch, "Build [#" + json.path("number").asInt() + "](" + watch.buildUrl + ") of **" + watch.job
                        + "**: **" + json.path("result").asText() + "** in " + duration + ".");
            }
        } else if (status == 404 && watch.buildUrl == null) {
            report(exchange, watch, "I lost track of the queued build of **" + watch.job + "** (the queue item is gone); check Jenkins.");
        } else {
            LOG.warn("Polling Jenkins for {} answered HTTP {}", watch.job, status);
        }
        expire(exchange, watch);
    }

    /** A poll that failed (Jenkins down or slow), or was not made (Jenkins' circuit open): keep watching until the deadline. */
    public void failed(Exchange exchange) {
        Watch watch = exchange.getVariable("jenkinsWatch", Watch.class);
        Object caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT);
        if (caught == null) {
            // the circuit breaker said no: its opening was logged once, each skipped poll need not be
            LOG.debug("Not polling Jenkins for {}: its circuit breaker is open", watch.job);
        } else {
            LOG.warn("Polling Jenkins for {} failed: {}", watch.job, String.valueOf(caught));
        }
        exchange.getMessage().removeHeaders("*");
        expire(exchange, watch);
    }

    private void expire(Exchange exchange, Watch watch) {
        if (!exchange.getVariable("jenkinsDone", false, Boolean.class) && Instant.now().isAfter(watch.deadline)) {
            report(exchange, watch, "I stopped watching the build of **" + watch.job + "** after " + maxWatch.toHours()
                    + " h; check Jenkins for the result.");
        }
    }

    /**
     * The report was posted, handed to the reply outbox, or refused by Webex for good: the watch ends. Until then it
     * stays, so a leader that dies (or loses the lead) between the poll and the post leaves it to the next one.
     */
    public void reported(Exchange exchange) {
        Watch watch = exchange.getVariable("jenkinsWatch", Watch.class);
        jdbc.update("DELETE FROM jenkins_watches WHERE id = ?", watch.id);
        reporting.remove(watch.id);
    }

    private void report(Exchange exchange, Watch watch, String text) {
        // the post may take the whole write budget, and the next polls come meanwhile: they leave this one alone
        reporting.put(watch.id, System.nanoTime());
        exchange.setVariable("jenkinsDone", true);
        exchange.getMessage().setHeader(WebexConstants.ROOM_ID, watch.room);
        if (watch.parent != null) {
            exchange.getMessage().setHeader(WebexConstants.PARENT_ID, watch.parent);
        }
        exchange.getMessage().setBody(text);
    }
}
