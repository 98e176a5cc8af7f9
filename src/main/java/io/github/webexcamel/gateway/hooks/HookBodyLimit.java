package io.github.webexcamel.gateway.hooks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a hook request whose body is over the limit (413) before Camel reads it: platform-http would otherwise
 * read, and spool to disk, whatever a caller sends. The body is read here at most up to the limit and handed on.
 */
class HookBodyLimit extends OncePerRequestFilter {

    private final int maxBytes;
    /** Looked up per request: a filter is made while the web server starts, before Camel and its beans exist. */
    private final Supplier<WebexHooks> hooks;

    HookBodyLimit(int maxBytes, Supplier<WebexHooks> hooks) {
        this.maxBytes = maxBytes;
        this.hooks = hooks;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!hooks.get().isHook(hookName(request.getRequestURI()))) {
            // also the path of a notification file removed while running, which platform-http leaves mapped
            answer(response, 404, "{\"error\":\"No hook at this path\"}");
            return;
        }
        if (request.getContentLengthLong() > maxBytes) {
            tooLarge(request, response);
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (InputStream in = request.getInputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                body.write(buffer, 0, n);
                if (body.size() > maxBytes) {
                    tooLarge(request, response);
                    return;
                }
            }
        }
        chain.doFilter(new Buffered(request, body.toByteArray()), response);
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        hooks.get().refused(hookName(request.getRequestURI()), "too-large");
        // the connection is closed: the rest of the body is not read
        response.setHeader("Connection", "close");
        answer(response, 413, "{\"error\":\"The body is over the " + maxBytes + "-byte limit\"}");
    }

    private static void answer(HttpServletResponse response, int status, String json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }

    static String hookName(String uri) {
        String name = uri == null ? "" : uri.replaceFirst("^/hooks/", "").replaceFirst("/$", "");
        return name.matches("[A-Za-z0-9_-]{1,64}") ? name : "other";
    }

    private static final class Buffered extends HttpServletRequestWrapper {
        private final byte[] body;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public java.io.BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            java.nio.charset.Charset charset = encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding);
            return new java.io.BufferedReader(new java.io.InputStreamReader(new ByteArrayInputStream(body), charset));
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }
    }
}
