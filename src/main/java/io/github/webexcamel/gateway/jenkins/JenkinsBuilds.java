package io.github.webexcamel.gateway.jenkins;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.command.CommandException;
import io.github.webexcamel.gateway.webex.WebexConstants;
import io.github.webexcamel.gateway.webex.rest.RetryAfter;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /build <job> [key=value ...]}: validates, builds the trigger request ({@code build} or
 * {@code buildWithParameters}, folders as {@code /job/a/job/b}), fetches a crumb only when Jenkins asks for one,
 * and turns Jenkins' answers into one line per failure or a watch on the queued build.
 */
public class JenkinsBuilds {

    private static final Logger LOG = LoggerFactory.getLogger(JenkinsBuilds.class);
    static final String USAGE = "Usage: /build <job> [key=value ...], e.g. /build team/deploy ENV=prod";
    private static final Pattern JOB = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ -]{0,99}(/[A-Za-z0-9][A-Za-z0-9._ -]{0,99}){0,9}");
    private static final Pattern PARAM = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,99}");

    private final ObjectMapper mapper;
    private final JenkinsWatches watches;

    public JenkinsBuilds(ObjectMapper mapper, JenkinsWatches watches) {
        this.mapper = mapper;
        this.watches = watches;
    }

    public void prepare(Exchange exchange) {
        List<?> argv = exchange.getVariable(WebexConstants.VAR_ARGV, List.class);
        Map<?, ?> options = exchange.getVariable(WebexConstants.VAR_OPTIONS, Map.class);
        if (argv == null || argv.size() != 1 || !JOB.matcher(argv.get(0).toString()).matches()) {
            throw new CommandException(USAGE);
        }
        String job = argv.get(0).toString();
        StringJoiner form = new StringJoiner("&");
        if (options != null) {
            for (Map.Entry<?, ?> option : options.entrySet()) {
                if (!PARAM.matcher(option.getKey().toString()).matches()) {
                    throw new CommandException("\"" + option.getKey() + "\" is not a parameter name. " + USAGE);
                }
                form.add(enc(option.getKey().toString()) + "=" + enc(String.valueOf(option.getValue())));
            }
        }
        StringBuilder path = new StringBuilder();
        for (String part : job.split("/")) {
            path.append("/job/").append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        boolean parameters = form.length() > 0;
        path.append(parameters ? "/buildWithParameters" : "/build");
        exchange.setVariable("jenkinsJob", job);
        exchange.setVariable("jenkinsPath", path.toString());
        exchange.setVariable("jenkinsForm", form.toString());
        String user = exchange.getVariable("jenkinsUser", "", String.class);
        String token = exchange.getVariable("jenkinsToken", "", String.class);
        exchange.removeVariable("jenkinsToken");
        if (user.isBlank() || token.isBlank()) {
            throw new CommandException("Jenkins needs credentials: set JENKINS_USER and JENKINS_API_TOKEN.");
        }
        exchange.setVariable("jenkinsAuthorization",
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8)));
        trigger(exchange);
    }

    /** (Re)sets the headers and body of the trigger POST. */
    public void trigger(Exchange exchange) {
        exchange.getIn().removeHeaders("*", "CamelWebex*");
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
        exchange.getIn().setHeader(Exchange.HTTP_PATH, exchange.getVariable("jenkinsPath"));
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
        exchange.getIn().setHeader("Authorization", exchange.getVariable("jenkinsAuthorization"));
        exchange.getIn().setBody(exchange.getVariable("jenkinsForm", String.class));
    }

    /** Jenkins refused the POST for want of a crumb (403 mentioning it): prepare the crumb request. */
    public boolean needsCrumb(Exchange exchange) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = exchange.getMessage().getBody(String.class);
        return status == 403 && body != null && body.toLowerCase().contains("crumb");
    }

    public void crumbRequest(Exchange exchange) {
        exchange.getIn().removeHeaders("*", "CamelWebex*");
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, "GET");
        exchange.getIn().setHeader(Exchange.HTTP_PATH, "/crumbIssuer/api/json");
        exchange.getIn().setHeader("Authorization", exchange.getVariable("jenkinsAuthorization"));
        exchange.getIn().setBody(null);
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

    /** The trigger's answer: a watch on the queue item and the "queued" line, or one line saying why not. */
    public String queued(Exchange exchange) {
        String location = exchange.getMessage().getHeader("Location", String.class);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (!(status == 303 && location != null && location.contains("/queue/item/"))) {
            check(exchange); // 303 to a queue item: an identical build is already waiting, follow that one
        }
        String job = exchange.getVariable("jenkinsJob", String.class);
        if (location == null || !location.contains("/queue/item/")) {
            throw new CommandException("Jenkins did not queue " + job + " (it may be refusing builds right now).");
        }
        if (exchange.getIn().getHeader(WebexConstants.ROOM_ID) == null) {
            return "Queued **" + job + "** on Jenkins."; // asked outside a Webex space (Assistant Skills): nowhere to post the result
        }
        watches.add(exchange, job, location);
        return "Queued **" + job + "** on Jenkins; I'll post the result in this thread when it finishes.";
    }

    public void check(Exchange exchange) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status >= 200 && status < 300) {
            return;
        }
        String job = exchange.getVariable("jenkinsJob", String.class);
        String body = exchange.getMessage().getBody(String.class);
        LOG.warn("Jenkins {} answered HTTP {}: {}", exchange.getVariable("jenkinsPath"), status,
                body == null ? "" : body.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip());
        String retryAfter = exchange.getMessage().getHeader("Retry-After", String.class);
        throw new CommandException(message(status, job, body, retryAfter), status);
    }

    private static String message(int status, String job, String body, String retryAfter) {
        return switch (status) {
            case 400 -> body != null && body.contains("not parameterized")
                    ? "Job " + job + " takes no parameters: run /build " + job + " without key=value."
                    : "Jenkins refused the parameters of " + job + " (HTTP 400).";
            case 401 -> "Jenkins refused the gateway's credentials (HTTP 401): check JENKINS_USER/JENKINS_API_TOKEN.";
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

    public void unreachable(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("Jenkins call failed: {}", String.valueOf(e));
        boolean timeout = e instanceof java.io.InterruptedIOException || (e != null && e.getClass().getSimpleName().contains("Timeout"));
        throw new CommandException(timeout ? "Jenkins did not answer in time; try again later." : "Jenkins is not reachable; try again later.");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
