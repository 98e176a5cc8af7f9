package io.github.webexcamel.gateway.web;

import java.util.List;

import io.github.webexcamel.gateway.command.CommandRegistry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The registered commands, for operators and the playground. */
@RestController
public class CommandsController {

    private final CommandRegistry registry;

    public CommandsController(CommandRegistry registry) {
        this.registry = registry;
    }

    /** One entry per command: keyword with prefix, help line, match mode. */
    public record CommandView(String keyword, String description, String match) {
    }

    /** Every command, or with {@code personEmail} the ones that person may run (their roles allow it). */
    @GetMapping("/api/commands")
    public List<CommandView> commands(@RequestParam(required = false) String personEmail) {
        return registry.commandsFor(personEmail).stream()
                .map(c -> new CommandView(registry.prefix() + c.keyword(), c.description(), c.match()))
                .toList();
    }
}
