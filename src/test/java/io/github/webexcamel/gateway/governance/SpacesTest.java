package io.github.webexcamel.gateway.governance;

import io.github.webexcamel.gateway.command.CommandRegistry;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Space authorization decides on the room type the event carries, and an unknown one is a group's. */
class SpacesTest {

    @Test
    void anUnknownRoomTypeIsTreatedAsAGroupSpaceNotAsA1on1() {
        Spaces spaces = spaces(null);
        assertThat(spaces.blocked(message("group"))).isTrue();
        assertThat(spaces.blocked(message(null))).isTrue();
        assertThat(spaces.blocked(message("direct"))).isFalse();
    }

    /** In the approvals space an operator named, the approval cards are decided by role, authorized or not. */
    @Test
    void theApprovalsSpaceNeedsNoAuthorization() {
        Spaces spaces = spaces("ROOM-group");
        Exchange decision = message("group");
        decision.getIn().setHeader(WebexConstants.VERB, "cardAction");
        decision.setVariable(WebexConstants.VAR_INPUTS, java.util.Map.of("approvalId", "a1", "decision", "approve"));
        assertThat(spaces.blocked(decision)).isFalse();
        // another command there is a command in a space like any other
        assertThat(spaces.blocked(message("group"))).isTrue();
        Exchange elsewhere = message("group", "ROOM-other");
        elsewhere.getIn().setHeader(WebexConstants.VERB, "cardAction");
        elsewhere.setVariable(WebexConstants.VAR_INPUTS, java.util.Map.of("approvalId", "a1", "decision", "approve"));
        assertThat(spaces.blocked(elsewhere)).isTrue();
    }

    /** Space authorization on, over an empty registry. */
    private static Spaces spaces(String approvalsRoom) {
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource("jdbc:h2:mem:spaces-test;DB_CLOSE_DELAY=-1"));
        jdbc.execute("CREATE TABLE IF NOT EXISTS space_registry (room_id VARCHAR(255) PRIMARY KEY,"
                + " authorized_by VARCHAR(320) NOT NULL, authorized_at BIGINT NOT NULL)");
        return new Spaces(new SpaceRegistry(jdbc), new CommandRegistry(new DefaultCamelContext(), "/"), true, approvalsRoom);
    }

    private static Exchange message(String roomType) {
        return message(roomType, "ROOM-" + roomType);
    }

    private static Exchange message(String roomType, String room) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader(WebexConstants.ROOM_ID, room);
        exchange.getIn().setHeader(WebexConstants.ROOM_TYPE, roomType);
        exchange.setVariable(WebexConstants.VAR_TEXT, "/echo hi");
        return exchange;
    }
}
