package io.github.webexcamel.gateway.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.github.webexcamel.admin.AdminSecurity;
import io.github.webexcamel.gateway.command.CommandRegistry;
import io.github.webexcamel.gateway.config.GatewayMode;
import org.springframework.core.env.Environment;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The registered commands, for operators and the playground. */
@RestController
public class CommandsController {

    private final CommandRegistry registry;
    private final boolean sandbox;
    private final byte[] adminToken;

    public CommandsController(CommandRegistry registry, Environment environment) {
        this.registry = registry;
        this.sandbox = GatewayMode.sandboxMode(environment);
        String token = environment.getProperty("webex.admin-token", "");
        this.adminToken = token.isBlank() ? null : token.strip().getBytes(StandardCharsets.UTF_8);
    }

    /** One entry per command: keyword with prefix, help line, match mode. */
    public record CommandView(String keyword, String description, String match) {
    }

    /**
     * Every command, or with {@code personEmail} the ones that person may run (their roles allow it). On Webex (not
     * the sandbox) the per-person list is an admin's question: this port has no login, and the answer tells who holds
     * which role (and, for roles of room members, costs the bot a Webex call per question).
     */
    @GetMapping("/api/commands")
    public ResponseEntity<Object> commands(@RequestParam(required = false) String personEmail,
                                           @RequestHeader(value = "Authorization", required = false) String authorization) {
        if (personEmail != null && !personEmail.isBlank() && !sandbox && !AdminSecurity.bearer(adminToken, authorization)) {
            return ResponseEntity.status(403).body(Map.of("error",
                    "personEmail needs the admin token (Authorization: Bearer <WEBEX_ADMIN_TOKEN>)"));
        }
        List<CommandView> commands = registry.commandsFor(personEmail).stream()
                .map(c -> new CommandView(registry.prefix() + c.keyword(), c.description(), c.match()))
                .toList();
        return ResponseEntity.ok(commands);
    }
}
