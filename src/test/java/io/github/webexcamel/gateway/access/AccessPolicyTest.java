package io.github.webexcamel.gateway.access;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccessPolicyTest {

    @Test
    void openAdmitsAnyPersonButNoUnlistedBot() {
        AccessPolicy open = new AccessPolicy(Set.of(), Set.of(), Set.of(), true, true, id -> false);
        assertThat(open.hasRules()).isFalse();
        assertThat(open.decide("anyone@example.com", "room", false)).isNull();
        assertThat(open.decide("other-bot@webex.bot", "room", true)).isNotNull();
    }

    @Test
    void usersDomainsAndRoomsAreEachEnough() {
        AccessPolicy policy = new AccessPolicy(Set.of("Ann@Example.com"), Set.of("@corp.example"), Set.of("ROOM1"), false,
                false, id -> false);
        assertThat(policy.hasRules()).isTrue();
        assertThat(policy.decide("ann@example.com", "other", false)).isNull();
        assertThat(policy.decide("bob@corp.example", "other", false)).isNull();
        assertThat(policy.decide("eve@evil.example", "ROOM1", false)).isNull();
        assertThat(policy.isNotice()).isFalse();
    }

    @Test
    void anApprovedRoomGrantsAccessInThatRoomOnly() {
        AccessPolicy policy = new AccessPolicy(Set.of(), Set.of(), Set.of("ROOM1"), false, true, id -> false);
        assertThat(policy.decide("eve@evil.example", "ROOM1", false)).isNull();
        assertThat(policy.decide("eve@evil.example", "eves-1on1-room", false)).isNotNull();
    }

    @Test
    void botsNeedTheirOwnEmailListedNotTheirDomainOrRoom() {
        AccessPolicy policy = new AccessPolicy(Set.of("helper@webex.bot"), Set.of("webex.bot"), Set.of("ROOM1"), false,
                true, id -> false);
        assertThat(policy.decide("helper@webex.bot", "ROOM1", true)).isNull();
        assertThat(policy.decide("other@webex.bot", "ROOM1", true)).isNotNull();
        assertThat(policy.decide("person@webex.bot", "elsewhere", false)).isNull();
    }

    @Test
    void lookAlikeDomainsAreDenied() {
        AccessPolicy policy = new AccessPolicy(Set.of(), Set.of("corp.example"), Set.of(), false, true, id -> false);
        assertThat(policy.decide("eve@notcorp.example", null, false)).isNotNull();
        assertThat(policy.decide("eve@corp.example.evil", null, false)).isNotNull();
        assertThat(policy.decide("", null, false)).isNotNull();
    }

    /** Webex could not say whether the sender is a bot (catch-up and webhooks carry no actor type): closed. */
    @Test
    void aSenderWhoseTypeCannotBeLookedUpPassesOnlyByEmail() {
        java.util.concurrent.atomic.AtomicBoolean webexBusy = new java.util.concurrent.atomic.AtomicBoolean(true);
        AccessPolicy policy = new AccessPolicy(Set.of("named@example.com"), Set.of("example.com"), Set.of("ROOM1"), false,
                true, id -> {
                    if (webexBusy.get()) {
                        throw new IllegalStateException("Webex answered 429");
                    }
                    return false;
                });
        assertThat(policy.denied(sender("other-bot@example.com", "bot-id"))).isTrue();
        assertThat(policy.denied(sender("named@example.com", "named-id"))).isFalse();
        // the failure is not remembered: once Webex answers, the person is known as one
        webexBusy.set(false);
        assertThat(policy.denied(sender("other-bot@example.com", "bot-id"))).isFalse();
    }

    /** An event that names no actor (no person id, no type) cannot be looked up either: closed the same way. */
    @Test
    void aSenderWithoutAPersonIdPassesOnlyByEmail() {
        AccessPolicy policy = new AccessPolicy(Set.of("named@example.com"), Set.of("example.com"), Set.of("ROOM1"), false,
                true, id -> false);
        assertThat(policy.denied(sender("someone@example.com", null))).isTrue();
        assertThat(policy.denied(sender("someone@example.com", " "))).isTrue();
        assertThat(policy.denied(sender("named@example.com", null))).isFalse();
    }

    private static org.apache.camel.Exchange sender(String email, String personId) {
        org.apache.camel.Exchange exchange = new org.apache.camel.support.DefaultExchange(
                new org.apache.camel.impl.DefaultCamelContext());
        exchange.getIn().setHeader(io.github.webexcamel.gateway.webex.WebexConstants.PERSON_EMAIL, email);
        exchange.getIn().setHeader(io.github.webexcamel.gateway.webex.WebexConstants.PERSON_ID, personId);
        exchange.getIn().setHeader(io.github.webexcamel.gateway.webex.WebexConstants.ROOM_ID, "ROOM1");
        return exchange;
    }
}
