package io.github.webexcamel.gateway.access;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccessPolicyTest {

    @Test
    void nothingListedIsOpen() {
        AccessPolicy open = new AccessPolicy(Set.of(), Set.of(), Set.of(), true, () -> null);
        assertThat(open.isOpen()).isTrue();
        assertThat(open.decide("anyone@example.com", "room")).isNull();
    }

    @Test
    void usersDomainsAndRoomsAreEachEnough() {
        AccessPolicy policy = new AccessPolicy(Set.of("Ann@Example.com"), Set.of("@corp.example"), Set.of("ROOM1"), false,
                () -> null) {
        };
        assertThat(policy.decide("ann@example.com", "other")).isNull();
        assertThat(policy.decide("bob@corp.example", "other")).isNull();
        assertThat(policy.decide("eve@evil.example", "ROOM1")).isNull();
        assertThat(policy.isNotice()).isFalse();
    }

    @Test
    void lookAlikeDomainsAreDenied() {
        AccessPolicy policy = new AccessPolicy(Set.of(), Set.of("corp.example"), Set.of(), true, () -> null);
        assertThat(policy.decide("eve@notcorp.example", null)).isNotNull();
        assertThat(policy.decide("eve@corp.example.evil", null)).isNotNull();
        assertThat(policy.decide("", null)).isNotNull();
    }
}
