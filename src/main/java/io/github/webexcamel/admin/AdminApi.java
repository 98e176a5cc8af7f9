package io.github.webexcamel.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.github.webexcamel.gateway.governance.Approval;
import io.github.webexcamel.gateway.governance.Approvals;
import io.github.webexcamel.gateway.governance.AuditLog;
import io.github.webexcamel.gateway.governance.AuditRecord;
import io.github.webexcamel.gateway.governance.SpaceRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The operators' API on the management port (with actuator): the audit log (JSON or CSV), the approvals and the
 * space registry. Behind the admin bearer token when the management port is reachable from other hosts.
 */
@RestController
public class AdminApi {

    private final AuditLog audit;
    private final Approvals approvals;
    private final SpaceRegistry spaces;

    public AdminApi(AuditLog audit, Approvals approvals, SpaceRegistry spaces) {
        this.audit = audit;
        this.approvals = approvals;
        this.spaces = spaces;
    }

    /**
     * Newest first. {@code since} is an instant (2026-12-01T00:00:00Z) or a duration back from now (24h, 7d, PT1H);
     * {@code command} a keyword with or without its slash; {@code format=csv} (or Accept: text/csv) downloads CSV.
     */
    @GetMapping(value = "/api/audit", produces = { MediaType.APPLICATION_JSON_VALUE, "text/csv" })
    public ResponseEntity<?> audit(@RequestParam(required = false) String since,
                                   @RequestParam(required = false) String person,
                                   @RequestParam(required = false) String command,
                                   @RequestParam(defaultValue = "100") int limit,
                                   @RequestParam(required = false) String format,
                                   @RequestHeader(value = HttpHeaders.ACCEPT,
                                           required = false) String accept) {
        if (limit < 1 || limit > 10_000) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be between 1 and 10000");
        }
        List<AuditRecord> rows = audit.find(parseSince(since), person, command, limit);
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && accept != null && accept.contains("text/csv"));
        if (!csv) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(rows);
        }
        return ResponseEntity.ok().contentType(new MediaType("text", "csv"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit.csv\"").body(AuditCsv.write(rows));
    }

    @GetMapping("/api/approvals")
    public List<Approval> approvals(@RequestParam(defaultValue = "100") int limit) {
        return approvals.recent(limit);
    }

    @GetMapping("/api/spaces")
    public List<SpaceRegistry.Space> spaces() {
        return spaces.list();
    }

    static Instant parseSince(String since) {
        if (since == null || since.isBlank()) {
            return null;
        }
        String s = since.strip();
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException notInstant) {
            try {
                Duration back = s.toUpperCase().startsWith("P") ? Duration.parse(s)
                        : Duration.parse((s.endsWith("d") ? "P" : "PT") + s.toUpperCase());
                return Instant.now().minus(back);
            } catch (DateTimeParseException e) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "since must be an instant (2026-12-01T00:00:00Z) or a duration (24h, 7d)");
            }
        }
    }
}
