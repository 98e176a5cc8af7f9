package io.github.webexcamel.gateway.jenkins;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.webexcamel.gateway.command.CommandException;
import io.github.webexcamel.gateway.governance.Governance;
import io.github.webexcamel.gateway.webex.WebexConstants;
import io.github.webexcamel.kamelets.jenkins.JenkinsAction;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /build <job> [key=value ...]} around the {@code jenkins-build-action} kamelet (which triggers the build):
 * the chat's arguments as its input, and its queued build as a watch (JenkinsWatches) and the reply line.
 */
public class JenkinsBuilds {

    private static final Logger LOG = LoggerFactory.getLogger(JenkinsBuilds.class);
    static final String USAGE = "Usage: /build <job> [key=value ...], e.g. /build team/deploy ENV=prod";
    private static final Pattern JOB = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ -]{0,99}(/[A-Za-z0-9][A-Za-z0-9._ -]{0,99}){0,9}");
    private static final Pattern PARAM = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,99}");

    private final JenkinsWatches watches;
    private final String jenkinsUrl;

    public JenkinsBuilds(JenkinsWatches watches, String jenkinsUrl) {
        this.watches = watches;
        this.jenkinsUrl = jenkinsUrl == null ? "" : jenkinsUrl;
    }

    /** The kamelet's input: the job as the {@code job} header, the key=value options as the body (a map). */
    public static void toKamelet(Exchange exchange) {
        List<?> argv = exchange.getVariable(WebexConstants.VAR_ARGV, List.class);
        Map<?, ?> options = exchange.getVariable(WebexConstants.VAR_OPTIONS, Map.class);
        if (argv == null || argv.size() != 1 || !JOB.matcher(argv.get(0).toString()).matches()) {
            throw new CommandException(USAGE);
        }
        Governance.requireInScope(exchange, argv.get(0).toString());
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (options != null) {
            for (Map.Entry<?, ?> option : options.entrySet()) {
                if (!PARAM.matcher(option.getKey().toString()).matches()) {
                    throw new CommandException("\"" + option.getKey() + "\" is not a parameter name. " + USAGE);
                }
                parameters.put(option.getKey().toString(), String.valueOf(option.getValue()));
            }
        }
        exchange.getIn().setHeader(JenkinsAction.JOB, argv.get(0).toString());
        exchange.getIn().setBody(parameters);
    }

    /** The kamelet queued the build: a watch on its queue item (the result follows in the thread), and the line as the body. */
    public void queued(Exchange exchange) {
        exchange.getMessage().setBody(queuedLine(exchange));
    }

    private String queuedLine(Exchange exchange) {
        String job = exchange.getVariable(WebexConstants.VAR_ARGV, List.class).get(0).toString();
        String location = exchange.getMessage().getHeader(JenkinsAction.QUEUE_ITEM_URL, String.class);
        exchange.getMessage().removeHeader(JenkinsAction.QUEUE_ITEM_URL);
        if (exchange.getIn().getHeader(WebexConstants.ROOM_ID) == null) {
            return "Queued **" + job + "** on Jenkins."; // asked outside a Webex space (Assistant Skills): nowhere to post the result
        }
        watches.add(exchange, jenkinsUrl, job, location);
        return "Queued **" + job + "** on Jenkins; I'll post the result in this thread when it finishes.";
    }

    /** The build watch's polls given up on (routes/gateway/jenkins-watch.camel.yaml, jenkinsResilience). */
    public void unreachable(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("Jenkins call failed: {}", String.valueOf(e));
        boolean timeout = e instanceof java.io.InterruptedIOException || (e != null && e.getClass().getSimpleName().contains("Timeout"));
        throw new CommandException(timeout ? "Jenkins did not answer in time; try again later." : "Jenkins is not reachable; try again later.");
    }
}
