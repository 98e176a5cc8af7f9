package io.github.webexcamel.gateway.governance;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.webexcamel.gateway.command.CommandEndpoint;

/**
 * Who may run a command (or one of its sub-commands), who must approve it, what it may touch and how often it may
 * run. The most specific setting wins: configuration for the sub-command ({@code webex.commands.gh.run.roles}),
 * the command file's for it ({@code roles.run}), configuration for the command ({@code webex.commands.gh.roles}),
 * the command file's ({@code roles}). An empty value is no setting: the shipped files carry {@code roles.run: ""} as
 * a template, and an operator's {@code WEBEX_COMMANDS_GH_ROLES=release} must not stop at it and leave the write
 * open to everyone.
 *
 * @param roles     any of these roles may run it; empty: every approved user
 * @param approvers a member of this role must approve each run; null: no approval
 * @param scope     globs the target must match; empty: anything
 * @param perPerson runs per person per minute for this command (null: the global bucket)
 * @param perSpace  runs per space per minute for this command (null: the global bucket)
 */
public record CommandPolicy(List<String> roles, String approvers, List<String> scope, Integer perPerson, Integer perSpace) {

    static CommandPolicy resolve(Map<String, String> config, String keyword, String sub, CommandEndpoint file) {
        String roles = pick(config, keyword, sub, "roles", file == null ? "" : file.getRoles(), file);
        String approvers = pick(config, keyword, sub, "approvers", file == null ? "" : file.getApprovers(), file);
        String scope = pick(config, keyword, sub, "scope", file == null ? "" : file.getScope(), file);
        return new CommandPolicy(list(roles).stream().map(r -> r.toLowerCase(Locale.ROOT)).toList(),
                approvers == null || approvers.isBlank() ? null : approvers.strip().toLowerCase(Locale.ROOT), list(scope),
                number(config.get(keyword + ".rate-limit.per-person")), number(config.get(keyword + ".rate-limit.per-space")));
    }

    private static String pick(Map<String, String> config, String keyword, String sub, String attribute, String fileValue,
                               CommandEndpoint file) {
        if (sub != null) {
            String configured = config.get(keyword + "." + sub + "." + attribute);
            if (isSet(configured)) {
                return configured;
            }
            String written = file == null ? null : file.getPerSubCommand().get(attribute + "." + sub);
            if (isSet(written)) {
                return written;
            }
        }
        String configured = config.get(keyword + "." + attribute);
        return isSet(configured) ? configured : fileValue;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    static List<String> list(String value) {
        return value == null ? List.of()
                : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static Integer number(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("A rate limit must be a whole number of commands per minute, not '" + value + "'");
        }
    }
}
