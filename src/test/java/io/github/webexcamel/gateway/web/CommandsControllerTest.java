package io.github.webexcamel.gateway.web;

import io.github.webexcamel.gateway.command.CommandRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** Who holds which role is not told to anyone who asks the application port of a gateway on Webex. */
class CommandsControllerTest {

    private static CommandsController controller(MockEnvironment environment) {
        return new CommandsController(new CommandRegistry(new DefaultCamelContext(), "/"), environment);
    }

    @Test
    void onWebexThePerPersonListNeedsTheAdminToken() {
        MockEnvironment webex = new MockEnvironment().withProperty("camel.component.webex.token", "bot-token")
                .withProperty("webex.admin-token", "admin-token-0123456789");
        CommandsController commands = controller(webex);
        assertThat(commands.commands(null, null).getStatusCode().value()).isEqualTo(200);
        assertThat(commands.commands("ann@example.com", null).getStatusCode().value()).isEqualTo(403);
        assertThat(commands.commands("ann@example.com", "Bearer wrong").getStatusCode().value()).isEqualTo(403);
        assertThat(commands.commands("ann@example.com", "Bearer admin-token-0123456789").getStatusCode().value())
                .isEqualTo(200);
        MockEnvironment noAdminToken = new MockEnvironment().withProperty("camel.component.webex.token", "bot-token");
        assertThat(controller(noAdminToken).commands("ann@example.com", "Bearer ").getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void theSandboxPlaygroundAsksFreely() {
        assertThat(controller(new MockEnvironment()).commands("alice@example.com", null).getStatusCode().value())
                .isEqualTo(200);
    }
}
