package io.github.webexcamel.gateway.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose body is over the limit (413, connection closed) before Camel reads it: platform-http
 * reads whatever a caller sends, chunked and without a length too, into memory before the route's first step, so
 * an unauthenticated way in (a webhook, Webex Connect, Assistant Skills) could be made to hold hundreds of MB. The
 * body is read here at most up to the limit and handed on.
 */
public class BodyLimit extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(BodyLimit.class);

    private final String name;
    private final long maxBytes;

    public BodyLimit(String name, long maxBytes) {
        this.name = name;
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!admit(request, response)) {
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

    /** Whether the request goes on to be read; false when this filter has answered it. */
    protected boolean admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        return true;
    }

    /** A request refused as too large (for a count). */
    protected void refused(HttpServletRequest request) {
        LOG.warn("Refused a {} request larger than {} bytes", name, maxBytes);
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        refused(request);
        // the connection is closed: the rest of the body is not read
        response.setHeader("Connection", "close");
        answer(response, 413, "{\"error\":\"The body is over the " + maxBytes + "-byte limit\"}");
    }

    protected static void answer(HttpServletResponse response, int status, String json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
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
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
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
