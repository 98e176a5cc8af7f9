package io.github.webexcamel.admin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.github.webexcamel.gateway.config.StartupProblem;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who is an admin on the management port: with {@code WEBEX_ADMIN_TOKEN} set, a caller presenting it as a bearer
 * token; without one, every caller — which the gateway allows only while the management port listens on a loopback
 * address (start-up stops otherwise).
 */
public class AdminSecurity extends OncePerRequestFilter {

    private final byte[] token;

    public AdminSecurity(String token, Environment environment) {
        this.token = token == null || token.isBlank() ? null : token.strip().getBytes(StandardCharsets.UTF_8);
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
        if (token == null || presented(request)) {
            SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                    "admin", null, List.of(new SimpleGrantedAuthority("ROLE_ADMIN"))));
        }
        chain.doFilter(request, response);
    }

    private boolean presented(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(token, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }
}
