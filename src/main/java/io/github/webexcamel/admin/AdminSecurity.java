package io.github.webexcamel.admin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import io.github.webexcamel.gateway.config.StartupProblem;
import io.github.webexcamel.gateway.web.SecurityHeaders;
import org.springframework.core.env.Environment;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The management port's door: health probes and info are open (Kubernetes sends no token), everything else —
 * metrics, the operators' API — admits admins only. An admin is, with {@code WEBEX_ADMIN_TOKEN} set, a caller
 * presenting it as a bearer token (compared in constant time); without one, every caller, which the gateway allows
 * only while the management port listens on a loopback address (start-up stops otherwise). An admin's request
 * carries the principal "admin" in role ADMIN, so actuator shows health details to admins only
 * ({@code management.endpoint.health.roles=ADMIN}).
 *
 * <p>A servlet filter rather than Spring Security: one bearer token and one list of open paths is all this door
 * needs, and Spring Security's ~440 classes cost every start-up 0.2 s (BENCHMARKS.md).
 */
public class AdminSecurity extends OncePerRequestFilter {

    private static final String ROLE = "ADMIN";

    private final byte[] token;
    private final Environment environment;

    public AdminSecurity(String token, Environment environment) {
        this.token = token == null || token.isBlank() ? null : token.strip().getBytes(StandardCharsets.UTF_8);
        this.environment = environment;
        String address = environment.getProperty("management.server.address", "");
        if (this.token == null && !loopback(address)) {
            throw new StartupProblem("The management port listens on " + (address.isBlank() ? "all addresses" : address)
                    + ": set WEBEX_ADMIN_TOKEN (its bearer token) or MANAGEMENT_SERVER_ADDRESS=127.0.0.1");
        }
    }

    static boolean loopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Error pages (a 400 from the API) are rendered on an error dispatch, which must see the same admin. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!managementRequest(request)) {
            chain.doFilter(request, response);
            return;
        }
        SecurityHeaders.apply(response);
        boolean admin = token == null || presented(request);
        if (admin) {
            chain.doFilter(new Admin(request), response);
        } else if (open(request) || request.getDispatcherType() == DispatcherType.ERROR) {
            // an error dispatch only renders the error page of a request that was already let in or refused
            chain.doFilter(request, response);
        } else {
            response.setHeader("WWW-Authenticate", "Bearer");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
        }
    }

    private static boolean open(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/") || path.equals("/actuator/info");
    }

    /** Requests that arrived on the management port (or, when it shares the application port, its paths). */
    private boolean managementRequest(HttpServletRequest request) {
        String management = environment.getProperty("local.management.port");
        String server = environment.getProperty("local.server.port");
        if (management != null && !management.equals(server)) {
            return String.valueOf(request.getLocalPort()).equals(management);
        }
        String path = request.getRequestURI();
        return path.startsWith("/actuator") || path.startsWith("/api/audit") || path.startsWith("/api/approvals")
                || path.startsWith("/api/spaces") || path.startsWith("/api/feedback");
    }

    private boolean presented(HttpServletRequest request) {
        return bearer(token, request.getHeader("Authorization"));
    }

    /** Whether an Authorization header carries {@code token} as its bearer token (compared in constant time). */
    public static boolean bearer(byte[] token, String authorization) {
        if (token == null || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(token, authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    /** The admin as the servlet API knows users: what actuator asks before it shows health details. */
    private static final class Admin extends HttpServletRequestWrapper {

        private static final Principal PRINCIPAL = () -> "admin";

        Admin(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Principal getUserPrincipal() {
            return PRINCIPAL;
        }

        @Override
        public String getRemoteUser() {
            return PRINCIPAL.getName();
        }

        @Override
        public boolean isUserInRole(String role) {
            return ROLE.equals(role) || ("ROLE_" + ROLE).equals(role);
        }
    }
}
