package io.github.webexcamel.gateway.github;

import java.io.IOException;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.webexcamel.kamelets.BackendResilience;
import io.github.webexcamel.kamelets.BackendStatusException;
import org.eclipse.egit.github.core.client.GitHubClient;
import org.eclipse.egit.github.core.client.RequestException;

/**
 * The egit {@link GitHubClient} camel-github uses, for any API root: {@code https://api.github.com}, GitHub
 * Enterprise {@code https://host/api/v3} (or any other path), plain http for tests. Adds connect/read timeouts
 * (egit has none) and remembers the last connection of the calling thread, so failures can be explained with
 * GitHub's rate-limit headers ({@code x-ratelimit-reset}, {@code Retry-After}).
 */
public class GitHubApiClient extends GitHubClient {

    private static final ThreadLocal<HttpURLConnection> LAST = new ThreadLocal<>();

    // egit's words for an answer it has no error body for: "<reason> (<status>)"
    private static final Pattern EGIT_STATUS = Pattern.compile(".*\\(([1-5][0-9]{2})\\)$");

    private final String pathPrefix;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    public GitHubApiClient(URI apiUrl, int timeoutMillis) {
        this(apiUrl, timeoutMillis, timeoutMillis);
    }

    public GitHubApiClient(URI apiUrl, int connectTimeoutMillis, int readTimeoutMillis) {
        super(apiUrl.getHost(), apiUrl.getPort(), apiUrl.getScheme());
        String path = apiUrl.getPath() == null ? "" : apiUrl.getPath().replaceAll("/+$", "");
        this.pathPrefix = path;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
        setUserAgent("webex-camel-gateway");
    }

    @Override
    protected String configureUri(String uri) {
        if (pathPrefix.isEmpty() || uri.startsWith(pathPrefix + "/")) {
            return uri;
        }
        return pathPrefix + uri;
    }

    @Override
    protected HttpURLConnection createConnection(String uri, String method) throws IOException {
        HttpURLConnection connection = super.createConnection(uri, method);
        connection.setConnectTimeout(connectTimeoutMillis);
        connection.setReadTimeout(readTimeoutMillis);
        LAST.set(connection);
        return connection;
    }

    /** A response header of this thread's last GitHub call (after a failure), or null. */
    public static String lastHeader(String name) {
        HttpURLConnection connection = LAST.get();
        return connection == null ? null : connection.getHeaderField(name);
    }

    static void forget() {
        LAST.remove();
    }

    /**
     * The answer an egit failure stands for (for the circuit breaker and the retries of
     * {@link BackendResilience}), or null when GitHub did not answer (timeout, refused, reset): egit throws a
     * {@link RequestException} for the statuses it has an error body for, and a plain IOException ending in
     * "(status)" for the others (429, 502, 503 ...). The headers are those of this thread's last call, which is
     * the one that failed; they are read only when an answer came, so reading them cannot send the request again.
     */
    public static BackendStatusException answer(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            int status = 0;
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof RequestException re) {
                status = re.getStatus();
            } else if (t instanceof HttpRetryException hre) {
                status = hre.responseCode();
            } else if (t.getClass() == IOException.class) {
                Matcher m = EGIT_STATUS.matcher(message);
                status = m.matches() ? Integer.parseInt(m.group(1)) : 0;
            }
            if (status > 0) {
                Map<String, String> headers = new LinkedHashMap<>();
                for (String name : new String[] {"retry-after", "x-ratelimit-remaining", "x-ratelimit-reset"}) {
                    String value = lastHeader(name);
                    if (value != null) {
                        headers.put(name, value);
                    }
                }
                boolean rateLimited = (status == 403 || status == 429) && (status == 429 || headers.containsKey("retry-after")
                        || "0".equals(headers.get("x-ratelimit-remaining")) || message.toLowerCase().contains("rate limit"));
                return new BackendStatusException("GitHub", status, headers, null, rateLimited);
            }
        }
        return null;
    }
}
