package io.github.webexcamel.gateway.github;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

import org.eclipse.egit.github.core.client.GitHubClient;

/**
 * The egit {@link GitHubClient} camel-github uses, for any API root: {@code https://api.github.com}, GitHub
 * Enterprise {@code https://host/api/v3} (or any other path), plain http for tests. Adds connect/read timeouts
 * (egit has none) and remembers the last connection of the calling thread, so failures can be explained with
 * GitHub's rate-limit headers ({@code x-ratelimit-reset}, {@code Retry-After}).
 */
public class GitHubApiClient extends GitHubClient {

    private static final ThreadLocal<HttpURLConnection> LAST = new ThreadLocal<>();

    private final String pathPrefix;
    private final int timeoutMillis;

    public GitHubApiClient(URI apiUrl, int timeoutMillis) {
        super(apiUrl.getHost(), apiUrl.getPort(), apiUrl.getScheme());
        String path = apiUrl.getPath() == null ? "" : apiUrl.getPath().replaceAll("/+$", "");
        this.pathPrefix = path;
        this.timeoutMillis = timeoutMillis;
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
        connection.setConnectTimeout(timeoutMillis);
        connection.setReadTimeout(timeoutMillis);
        LAST.set(connection);
        return connection;
    }

    /** A response header of this thread's last GitHub call (after a failure), or null. */
    static String lastHeader(String name) {
        HttpURLConnection connection = LAST.get();
        return connection == null ? null : connection.getHeaderField(name);
    }

    static void forget() {
        LAST.remove();
    }
}
