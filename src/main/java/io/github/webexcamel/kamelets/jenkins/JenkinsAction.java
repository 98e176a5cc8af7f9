package io.github.webexcamel.kamelets.jenkins;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.webexcamel.kamelets.ActionException;
import io.github.webexcamel.kamelets.HttpAction;
import io.github.webexcamel.kamelets.RetryAfter;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean of {@code jenkins-build-action.kamelet.yaml}: queues a build of the job in the {@code job} header (folders as
 * {@code a/b}) with the body's parameters ({@code buildWithParameters}, else {@code build}), authenticating with the
 * kamelet's user and API token; fetches a crumb only when Jenkins answers 403 asking for one. The answer is the queue
 * item's URL (header {@code queueItemUrl}, and {@code {"job", "queueItemUrl"}} as the body), or one line saying why not.
 */
public class JenkinsAction extends HttpAction {

    public static final String JOB = "job";
    public static final String QUEUE_ITEM_URL = "queueItemUrl";
    private static final Logger LOG = LoggerFactory.getLogger(JenkinsAction.class);
    private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ -]{0,99}(/[A-Za-z0-9][A-Za-z0-9._ -]{0,99}){0,9}");
    private static final Pattern PARAM = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,99}");
    private static final String CALL = "jenkinsActionCall";

    private String url = "";
    private String user = "";
    private String apiToken = "";

    public JenkinsAction() {
        super("Jenkins", "jenkins");
    }

    private record Call(String job, String path, String form) {
    }

    public void setUrl(String url) {
        this.url = url == null ? "" : url.strip();
    }

    public void setUser(String user) {
        this.user = user == null ? "" : user;
    }

    public void setApiToken(String apiToken) {
        this.apiToken = apiToken == null ? "" : apiToken;
    }

    /** Reads the job and the parameters (a map, or a JSON object, as the body), then sets the trigger request. */
    public void prepare(Exchange exchange) throws Exception {
        if (url.isEmpty()) {
            throw new ActionException("Jenkins is not configured: the kamelet needs its url.");
        }
        if (user.isBlank() || apiToken.isBlank()) {
            throw new ActionException("Jenkins needs credentials: the kamelet's user and apiToken.");
        }
        String job = header(exchange, JOB);
        if (!JOB_NAME.matcher(job).matches()) {
            throw new ActionException("That is not a Jenkins job name (letters, digits, . _ - and spaces; folders as a/b).");
        }
        StringJoiner form = new StringJoiner("&");
        for (Map.Entry<String, Object> parameter : parameters(exchange.getIn().getBody()).entrySet()) {
            if (!PARAM.matcher(parameter.getKey()).matches()) {
                throw new ActionException("\"" + shorten(parameter.getKey()) + "\" is not a parameter name.");
            }
            form.add(enc(parameter.getKey()) + "=" + enc(String.valueOf(parameter.getValue())));
        }
        StringBuilder path = new StringBuilder();
        for (String part : job.split("/")) {
            path.append("/job/").append(enc(part).replace("+", "%20"));
        }
        path.append(form.length() > 0 ? "/buildWithParameters" : "/build");
        exchange.setVariable(CALL, new Call(job, path.toString(), form.toString()));
        trigger(exchange);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parameters(Object body) throws Exception {
        if (body == null || body instanceof String s && s.isBlank()) {
            return Map.of();
        }
        if (body instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        try {
            return mapper.readValue(body.toString(), Map.class);
        } catch (Exception notJson) {
            throw new ActionException("The build's parameters must be a JSON object or a map.");
        }
    }

    /** (Re)sets the headers and body of the trigger POST. */
    private void trigger(Exchange exchange) {
        Call call = exchange.getVariable(CALL, Call.class);
        Message in = exchange.getIn();
        clearHeaders(in);
        in.setHeader(Exchange.HTTP_METHOD, "POST");
        in.setHeader(Exchange.HTTP_PATH, call.path());
        in.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
        in.setHeader("Authorization", authorization());
        in.setBody(call.form());
    }

    private String authorization() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + apiToken).getBytes(StandardCharsets.UTF_8));
    }

    /** Jenkins refused the POST for want of a crumb (403 mentioning it). */
    public boolean needsCrumb(Exchange exchange) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = exchange.getMessage().getBody(String.class);
        return status == 403 && body != null && body.toLowerCase().contains("crumb");
    }

    public void crumbRequest(Exchange exchange) {
        Message in = exchange.getIn();
        clearHeaders(in);
        in.setHeader(Exchange.HTTP_METHOD, "GET");
        in.setHeader(Exchange.HTTP_PATH, "/crumbIssuer/api/json");
        in.setHeader("Authorization", authorization());
        in.setBody(null);
    }

    public void withCrumb(Exchange exchange) throws Exception {
        check(exchange);
        JsonNode crumb = mapper.readTree(exchange.getMessage().getBody(String.class));
        String cookie = exchange.getMessage().getHeader("Set-Cookie", String.class);
        trigger(exchange);
        exchange.getIn().setHeader(crumb.path("crumbRequestField").asText("Jenkins-Crumb"), crumb.path("crumb").asText());
        if (cookie != null) {
            exchange.getIn().setHeader("Cookie", cookie.split(";", 2)[0]);
        }
    }

    /** The trigger's answer: the queue item, or one line saying why there is none. */
    public void done(Exchange exchange) throws Exception {
        Call call = exchange.getVariable(CALL, Call.class);
        Message message = exchange.getMessage();
        String location = message.getHeader("Location", String.class);
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (!(status == 303 && location != null && location.contains("/queue/item/"))) {
            check(exchange); // 303 to a queue item: an identical build is already waiting, follow that one
        }
        exchange.removeVariable(CALL);
        if (location == null || !location.contains("/queue/item/")) {
            throw new ActionException("Jenkins did not queue " + call.job() + " (it may be refusing builds right now).", status);
        }
        clearResponseHeaders(message);
        message.setHeader(QUEUE_ITEM_URL, location);
        message.setBody(mapper.writeValueAsString(Map.of("job", call.job(), "queueItemUrl", location)));
    }

    @Override
    public void check(Exchange exchange) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status >= 200 && status < 300) {
            return;
        }
        Call call = exchange.getVariable(CALL, Call.class);
        String body = exchange.getMessage().getBody(String.class);
        LOG.warn("Jenkins {} answered HTTP {}: {}", call.path(), status,
                shorten(body == null ? "" : body.replaceAll("<[^>]*>", " ")));
        throw new ActionException(line(status, call.job(), body, exchange.getMessage().getHeader("Retry-After", String.class)), status);
    }

    @Override
    protected String userLine(int status, String message, Exchange exchange) {
        return line(status, exchange.getVariable(CALL, Call.class).job(), message, null);
    }

    @Override
    protected String errorText(JsonNode body) {
        return body.toString();
    }

    private static String line(int status, String job, String body, String retryAfter) {
        return switch (status) {
            case 400 -> body != null && body.contains("not parameterized")
                    ? "Job " + job + " takes no parameters: run it without any."
                    : "Jenkins refused the parameters of " + job + " (HTTP 400).";
            case 401 -> "Jenkins refused the gateway's credentials (HTTP 401): check the user and API token.";
            case 403 -> "Jenkins does not allow the gateway's account to build " + job + " (HTTP 403).";
            case 404 -> "Jenkins has no job " + job + ".";
            case 409 -> "Job " + job + " is disabled.";
            case 429 -> "Jenkins is rate limiting the gateway; try again in "
                    + RetryAfter.parse(retryAfter, Duration.ofSeconds(30), Duration.ofHours(1)).toSeconds() + " seconds.";
            default -> status >= 500 ? "Jenkins is failing or down (HTTP " + status + "); try again later."
                    : status >= 300 && status < 400 ? "Jenkins redirected instead of queueing " + job + " (HTTP " + status
                            + "): the job may not accept builds now."
                    : "Jenkins answered HTTP " + status + ".";
        };
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
