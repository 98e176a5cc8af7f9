package io.github.webexcamel.gateway.hooks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;

/**
 * Renders what the shipped notification routes receive (Alertmanager, GitHub, Jenkins, any JSON) as a Webex
 * message: markdown in the body, or the data of a card (variable {@code webexCard}) with its markdown fallback
 * (variable {@code webexFallback}). Every value comes from the caller: it is only ever placed in text, which
 * {@code webex:messages} neutralises (no mention, no HTML), and links are kept only when they are http(s).
 */
public class HookMessages {

    /** A Webex message holds 7439 bytes; a notification is a summary, not the whole payload. */
    static final int MAX_CODE_CHARS = 6000;
    static final int MAX_ALERTS = 20;
    static final int MAX_COMMITS = 10;

    private final ObjectMapper mapper;
    private final WebexHooks hooks;

    public HookMessages(ObjectMapper mapper, WebexHooks hooks) {
        this.mapper = mapper;
        this.hooks = hooks;
    }

    // ---- Alertmanager (webhook payload version 4)

    /** Body in: the payload. Out: the data of card {@code alertmanager}; the fallback markdown in webexFallback. */
    public void alertmanager(Exchange exchange) {
        JsonNode payload = tree(exchange);
        if (!"4".equals(payload.path("version").asText())) {
            hooks.badRequest(exchange, "Only Alertmanager's webhook payload version 4 is understood");
            return;
        }
        List<Map<String, Object>> alerts = new ArrayList<>();
        int firing = 0;
        for (JsonNode alert : payload.path("alerts")) {
            boolean isFiring = "firing".equals(alert.path("status").asText());
            firing += isFiring ? 1 : 0;
            if (alerts.size() == MAX_ALERTS) {
                continue;
            }
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("name", line(alert.path("labels").path("alertname").asText("alert")));
            a.put("status", isFiring ? "FIRING" : "RESOLVED");
            a.put("color", isFiring ? "Attention" : "Good");
            a.put("severity", line(alert.path("labels").path("severity").asText("")));
            a.put("summary", line(firstOf(alert.path("annotations"), "summary", "message", "description")));
            a.put("instance", line(alert.path("labels").path("instance").asText("")));
            a.put("startsAt", line(alert.path("startsAt").asText("")));
            a.put("sourceUrl", url(alert.path("generatorURL").asText("")));
            a.put("runbookUrl", url(firstOf(alert.path("annotations"), "runbook_url", "runbook")));
            a.put("hasLinks", !a.get("sourceUrl").toString().isEmpty() || !a.get("runbookUrl").toString().isEmpty());
            a.put("heading", (isFiring ? "FIRING" : "RESOLVED") + " · " + a.get("name"));
            alerts.add(a);
        }
        int total = payload.path("alerts").size();
        // Alertmanager leaves out alerts past its max_alerts and says how many in truncatedAlerts
        int truncated = Math.max(0, payload.path("truncatedAlerts").asInt(0));
        int resolved = total - firing;
        String groupStatus = "firing".equals(payload.path("status").asText()) ? "FIRING" : "RESOLVED";
        String name = line(payload.path("groupLabels").path("alertname").asText(
                payload.path("commonLabels").path("alertname").asText("alerts")));
        String title = "[" + groupStatus + ":" + (groupStatus.equals("FIRING") ? firing : total) + "] " + name;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("title", title);
        data.put("color", groupStatus.equals("FIRING") ? "Attention" : "Good");
        data.put("counts", firing + " firing, " + resolved + " resolved");
        data.put("receiver", line(payload.path("receiver").asText("")));
        data.put("alerts", alerts);
        String more = total > alerts.size() ? "… and " + (total - alerts.size()) + " more" : "";
        if (truncated > 0) {
            more += (more.isEmpty() ? "" : "; ") + truncated + " more left out by Alertmanager (max_alerts)";
        }
        data.put("more", more);
        data.put("externalUrl", url(payload.path("externalURL").asText("")));

        StringBuilder md = new StringBuilder("**").append(title).append("** (").append(data.get("counts")).append(")");
        for (Map<String, Object> a : alerts) {
            md.append("\n- ").append(a.get("status").equals("FIRING") ? "🔥 FIRING" : "✅ RESOLVED").append(' ');
            if (!a.get("severity").toString().isEmpty()) {
                md.append('[').append(a.get("severity")).append("] ");
            }
            md.append(a.get("name"));
            if (!a.get("summary").toString().isEmpty()) {
                md.append(": ").append(a.get("summary"));
            }
            link(md, " ", "source", a.get("sourceUrl").toString());
            link(md, " ", "runbook", a.get("runbookUrl").toString());
        }
        if (!data.get("more").toString().isEmpty()) {
            md.append("\n").append(data.get("more"));
        }
        link(md, "\n", "Alertmanager", data.get("externalUrl").toString());
        exchange.setVariable(WebexConstants.VAR_CARD, "alertmanager");
        exchange.setVariable(WebexConstants.VAR_FALLBACK, md.toString());
        exchange.getIn().setBody(data);
    }

    // ---- GitHub (X-GitHub-Event: push, pull_request, release, workflow_run)

    /** Body in: the payload. Out: markdown, or null (and the route answered) for what is not posted. */
    public void github(Exchange exchange) {
        JsonNode p = tree(exchange);
        String event = exchange.getVariable(WebexHooks.VAR_EVENT, "", String.class);
        String repo = repoLink(p.path("repository"));
        String who = line(p.path("sender").path("login").asText("someone"));
        String text = switch (event) {
            case "push" -> push(p, repo, who);
            case "pull_request" -> pullRequest(p, repo, who);
            case "release" -> release(p, repo, who);
            case "workflow_run" -> workflowRun(p, repo);
            default -> null;
        };
        if (text == null) {
            hooks.ignored(exchange, "GitHub event " + line(event) + " (" + line(p.path("action").asText("")) + ") is not posted");
            return;
        }
        exchange.getIn().setBody(text);
    }

    private String push(JsonNode p, String repo, String who) {
        String ref = p.path("ref").asText("");
        boolean tag = ref.startsWith("refs/tags/");
        String name = line(ref.replaceFirst("^refs/(heads|tags)/", ""));
        if (p.path("deleted").asBoolean(false)) {
            return "**" + who + "** deleted " + (tag ? "tag " : "branch ") + code(name) + " of " + repo;
        }
        if (tag) {
            return "**" + who + "** pushed tag " + code(name) + " to " + repo;
        }
        JsonNode commits = p.path("commits");
        int count = commits.size();
        StringBuilder md = new StringBuilder("**").append(who).append("** pushed ").append(count)
                .append(count == 1 ? " commit" : " commits").append(" to ").append(code(name)).append(" of ").append(repo);
        if (p.path("forced").asBoolean(false)) {
            md.append(" (forced)");
        }
        int shown = 0;
        for (JsonNode c : commits) {
            if (shown++ == MAX_COMMITS) {
                md.append("\n- … and ").append(count - MAX_COMMITS).append(" more");
                break;
            }
            String sha = line(c.path("id").asText(""));
            md.append("\n- ");
            String shortSha = sha.length() > 7 ? sha.substring(0, 7) : sha;
            String commitUrl = url(c.path("url").asText(""));
            md.append(commitUrl.isEmpty() ? code(shortSha) : "[" + shortSha + "](" + commitUrl + ")");
            md.append(' ').append(line(c.path("message").asText("").split("\n", 2)[0]));
            String author = line(c.path("author").path("username").asText(c.path("author").path("name").asText("")));
            if (!author.isEmpty()) {
                md.append(" (").append(author).append(')');
            }
        }
        link(md, "\n", "Compare", url(p.path("compare").asText("")));
        return md.toString();
    }

    private String pullRequest(JsonNode p, String repo, String who) {
        String action = p.path("action").asText("");
        JsonNode pr = p.path("pull_request");
        String verb = switch (action) {
            case "opened" -> "opened";
            case "reopened" -> "reopened";
            case "ready_for_review" -> "marked ready for review";
            case "closed" -> pr.path("merged").asBoolean(false) ? "merged" : "closed";
            default -> null;
        };
        if (verb == null) {
            return null;
        }
        String title = "#" + pr.path("number").asInt(p.path("number").asInt()) + " " + line(pr.path("title").asText(""));
        String url = url(pr.path("html_url").asText(""));
        return "**" + who + "** " + verb + " pull request " + (url.isEmpty() ? title : "[" + bracketless(title) + "](" + url + ")")
                + " in " + repo + " (" + code(line(pr.path("head").path("ref").asText(""))) + " → "
                + code(line(pr.path("base").path("ref").asText(""))) + ")";
    }

    private String release(JsonNode p, String repo, String who) {
        if (!"published".equals(p.path("action").asText())) {
            return null;
        }
        JsonNode r = p.path("release");
        String name = line(r.path("name").asText(""));
        String tag = line(r.path("tag_name").asText(""));
        String title = name.isEmpty() ? tag : name;
        String url = url(r.path("html_url").asText(""));
        return "**" + who + "** published " + (r.path("prerelease").asBoolean(false) ? "pre-release " : "release ")
                + (url.isEmpty() ? title : "[" + bracketless(title) + "](" + url + ")") + " (" + code(tag) + ") of " + repo;
    }

    private String workflowRun(JsonNode p, String repo) {
        if (!"completed".equals(p.path("action").asText())) {
            return null;
        }
        JsonNode run = p.path("workflow_run");
        String conclusion = line(run.path("conclusion").asText("unknown"));
        String icon = switch (conclusion) {
            case "success" -> "✅";
            case "failure", "timed_out", "startup_failure" -> "❌";
            case "cancelled" -> "⚪";
            default -> "⚠️";
        };
        String name = line(run.path("name").asText("workflow"));
        String url = url(run.path("html_url").asText(""));
        String runName = "run #" + run.path("run_number").asInt();
        return icon + " Workflow **" + name + "** " + conclusion + " on " + code(line(run.path("head_branch").asText("")))
                + " of " + repo + ": " + (url.isEmpty() ? runName : "[" + runName + "](" + url + ")");
    }

    // ---- Jenkins

    /**
     * Body in: a build-finished JSON, either {@code {job, number, result, url}} or the Jenkins Notification plugin's
     * {@code {name, url, build: {number, phase, status, full_url}}} (posted at phase FINALIZED only). Out: markdown.
     */
    public void jenkins(Exchange exchange) {
        JsonNode p = tree(exchange);
        JsonNode build = p.path("build");
        String job;
        String number;
        String result;
        String url;
        if (build.isObject()) {
            String phase = build.path("phase").asText("");
            if (!phase.isEmpty() && !"FINALIZED".equals(phase)) {
                hooks.ignored(exchange, "Jenkins phase " + line(phase) + " is not posted (FINALIZED is)");
                return;
            }
            job = p.path("name").asText(p.path("display_name").asText(""));
            number = build.path("number").asText("");
            result = build.path("status").asText("");
            url = build.path("full_url").asText("");
        } else {
            job = p.path("job").asText("");
            number = p.path("number").asText("");
            result = p.path("result").asText("");
            url = p.path("url").asText(p.path("URL").asText(""));
        }
        if (job.isEmpty() || number.isEmpty()) {
            hooks.badRequest(exchange, "A Jenkins build-finished JSON needs job and number");
            return;
        }
        result = line(result.isEmpty() ? "UNKNOWN" : result.toUpperCase(java.util.Locale.ROOT));
        String icon = switch (result) {
            case "SUCCESS" -> "✅";
            case "FAILURE" -> "❌";
            case "UNSTABLE" -> "⚠️";
            case "ABORTED" -> "⚪";
            default -> "ℹ️";
        };
        String build2 = line(job) + " #" + line(number);
        String link = url(url);
        exchange.getIn().setBody(icon + " Jenkins **" + (link.isEmpty() ? build2 : "[" + bracketless(build2) + "](" + link + ")")
                + "**: " + result);
    }

    // ---- any JSON

    /** With a card (variable webexCard) the body stays the data; without, it becomes a JSON code block. */
    public void generic(Exchange exchange) throws com.fasterxml.jackson.core.JsonProcessingException {
        Object body = exchange.getIn().getBody();
        if (exchange.getVariable(WebexConstants.VAR_CARD) != null) {
            return;
        }
        String json = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(body);
        if (json.length() > MAX_CODE_CHARS) {
            int end = MAX_CODE_CHARS;
            if (Character.isHighSurrogate(json.charAt(end - 1))) {
                end--;
            }
            json = json.substring(0, end) + "\n… (truncated)";
        }
        // a fence longer than any backtick run in the JSON, so the payload cannot close it
        String fence = "`".repeat(Math.max(3, longestBacktickRun(json) + 1));
        exchange.getIn().setBody(fence + "json\n" + json + "\n" + fence);
    }

    // ---- helpers

    private JsonNode tree(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        return body == null ? JsonNodeFactory.instance.objectNode() : mapper.valueToTree(body);
    }

    private static String firstOf(JsonNode node, String... names) {
        for (String name : names) {
            String value = node.path(name).asText("");
            if (!value.isEmpty()) {
                return value;
            }
        }
        return "";
    }

    private String repoLink(JsonNode repository) {
        String name = line(repository.path("full_name").asText("a repository"));
        String url = url(repository.path("html_url").asText(""));
        return url.isEmpty() ? name : "[" + bracketless(name) + "](" + url + ")";
    }

    private static void link(StringBuilder md, String separator, String label, String url) {
        if (!url.isEmpty()) {
            md.append(separator).append('[').append(label).append("](").append(url).append(')');
        }
    }

    /** One line of at most 300 characters: a value cannot add lines (list items, headings) to the message. */
    static String line(String value) {
        if (value == null) {
            return "";
        }
        String s = value.replaceAll("[\\r\\n\\t]+", " ").strip();
        return s.length() > 300 ? s.substring(0, 299) + "…" : s;
    }

    /** An http(s) URL with nothing that could end a markdown link early, else empty. */
    static String url(String value) {
        if (value == null || !value.matches("(?i)https?://[^\\s()<>\"]{1,2000}")) {
            return "";
        }
        return value;
    }

    /** Link text that cannot close the link's brackets. */
    private static String bracketless(String text) {
        return text.replace('[', '(').replace(']', ')');
    }

    private static String code(String text) {
        return io.github.webexcamel.gateway.webex.SafeMarkdown.code(text);
    }

    private static int longestBacktickRun(String s) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = s.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
