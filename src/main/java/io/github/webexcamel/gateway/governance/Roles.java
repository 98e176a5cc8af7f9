package io.github.webexcamel.gateway.governance;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Roles from configuration ({@code webex.access.roles.<role>}): each lists e-mails, {@code @domain}s and room ids.
 * A room id grants the role to that room's members (asked of Webex, briefly cached).
 */
public class Roles {

    private record Members(Set<String> emails, Set<String> domains, Set<String> rooms) {
    }

    private final Map<String, Members> roles = new LinkedHashMap<>();
    private final Memberships memberships;

    public Roles(Map<String, String> configured, Memberships memberships) {
        this.memberships = memberships;
        configured.forEach((name, value) -> roles.put(name.strip().toLowerCase(Locale.ROOT), parse(value)));
    }

    private static Members parse(String value) {
        List<String> entries = Arrays.stream(value == null ? new String[0] : value.split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new Members(
                entries.stream().filter(e -> e.indexOf('@') > 0).map(e -> e.toLowerCase(Locale.ROOT)).collect(Collectors.toSet()),
                entries.stream().filter(e -> e.startsWith("@")).map(e -> e.substring(1).toLowerCase(Locale.ROOT))
                        .collect(Collectors.toSet()),
                entries.stream().filter(e -> e.indexOf('@') < 0).collect(Collectors.toSet()));
    }

    public boolean defined(String role) {
        return roles.containsKey(role.toLowerCase(Locale.ROOT));
    }

    public Set<String> names() {
        return roles.keySet();
    }

    /** Whether the person holds the role. */
    public boolean has(String role, String email) {
        Members members = roles.get(role.toLowerCase(Locale.ROOT));
        if (members == null || email == null || email.isBlank()) {
            return false;
        }
        String address = email.toLowerCase(Locale.ROOT);
        if (members.emails.contains(address)) {
            return true;
        }
        int at = address.lastIndexOf('@');
        if (at > 0 && members.domains.contains(address.substring(at + 1))) {
            return true;
        }
        for (String room : members.rooms) {
            if (memberships.isMember(room, address)) {
                return true;
            }
        }
        return false;
    }

    /** The first of the roles the person lacks all of, or null when they hold at least one (or none is asked). */
    public String missing(Collection<String> anyOf, String email) {
        if (anyOf.isEmpty()) {
            return null;
        }
        for (String role : anyOf) {
            if (has(role, email)) {
                return null;
            }
        }
        return String.join(" or ", anyOf);
    }
}
