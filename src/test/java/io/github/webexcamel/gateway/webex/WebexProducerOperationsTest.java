package io.github.webexcamel.gateway.webex;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.webexcamel.gateway.sandbox.SandboxOptions;
import io.github.webexcamel.gateway.sandbox.WebexSandbox;
import io.vertx.core.Vertx;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations the gateway's beans need (edit, delete, list a thread, check membership, get a person, the
 * webhooks' registration) as {@code webex:messages} operations, end to end against the sandbox.
 */
class WebexProducerOperationsTest {

    private static final String ENDPOINT = "webex:messages?callerWaits=true";
    private Vertx vertx;
    private WebexSandbox sandbox;
    private DefaultCamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        sandbox = new WebexSandbox(vertx, new SandboxOptions().setPort(0));
        sandbox.start();
        camel = new DefaultCamelContext();
        WebexComponent webex = new WebexComponent();
        webex.getConfiguration().setToken(sandbox.botToken());
        webex.getConfiguration().setApiUrl(sandbox.apiUrl());
        webex.setVertx(vertx);
        camel.addComponent("webex", webex);
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
        sandbox.close();
        vertx.close();
    }

    @Test
    void editDeleteAndGetAMessage() {
        String room = sandbox.directRoom("alice@example.com").path("id").asText();
        String id = post(room, null, "first");

        call(Map.of(WebexConstants.ROOM_ID, room, WebexConstants.EDIT_MESSAGE_ID, id), "edited");
        Map<?, ?> message = call(Map.of(WebexConstants.OPERATION, "get", WebexConstants.TARGET_ID, id), null)
                .getMessage().getBody(Map.class);
        assertThat(message.get("markdown")).isEqualTo("edited");

        call(Map.of(WebexConstants.OPERATION, "delete", WebexConstants.TARGET_ID, id), null);
        assertThat(sandbox.messages(room)).noneMatch(m -> m.path("id").asText().equals(id));
    }

    @Test
    void listAThreadInAGroupSpace() {
        sandbox.createPerson("bob@example.com", "Bob");
        String room = sandbox.createGroupRoom("ops", List.of("bob@example.com")).path("id").asText();
        String root = sandbox.userPost("bob@example.com", room, "the question", null, true).path("id").asText();
        post(room, root, "an answer in the thread");
        // in a group space a bot lists only what mentions it
        String followUp = sandbox.userPost("bob@example.com", room, "a follow-up", root, true).path("id").asText();

        List<?> thread = call(Map.of(WebexConstants.OPERATION, "listThread", WebexConstants.ROOM_ID, room,
                WebexConstants.PARENT_ID, root, WebexConstants.ROOM_TYPE, "group"), null).getMessage().getBody(List.class);
        List<Object> ids = thread.stream().map(m -> (Object) ((Map<?, ?>) m).get("id")).toList();
        assertThat(ids).containsExactly(followUp);
    }

    @Test
    void checkMembershipAndGetAPerson() {
        sandbox.createPerson("bob@example.com", "Bob");
        String personId = sandbox.createPerson("carol@example.com", "Carol").path("id").asText();
        String room = sandbox.createGroupRoom("ops", List.of("carol@example.com")).path("id").asText();

        assertThat(call(Map.of(WebexConstants.OPERATION, "isMember", WebexConstants.ROOM_ID, room,
                WebexConstants.PERSON_EMAIL, "carol@example.com"), null).getMessage().getBody()).isEqualTo(true);
        assertThat(call(Map.of(WebexConstants.OPERATION, "isMember", WebexConstants.ROOM_ID, room,
                WebexConstants.PERSON_EMAIL, "bob@example.com"), null).getMessage().getBody()).isEqualTo(false);
        Map<?, ?> person = call(Map.of(WebexConstants.OPERATION, "getPerson", WebexConstants.TARGET_ID, personId), null)
                .getMessage().getBody(Map.class);
        assertThat(person.get("displayName")).isEqualTo("Carol");
    }

    @Test
    void registerUpdateListAndDeleteAWebhook() {
        Map<String, Object> hook = Map.of("name", "test messages", "targetUrl", "http://127.0.0.1:1/hook",
                "resource", "messages", "event", "created", "secret", "s3cret");
        Map<?, ?> created = call(Map.of(WebexConstants.OPERATION, "createWebhook"), hook).getMessage().getBody(Map.class);
        String id = String.valueOf(created.get("id"));

        call(Map.of(WebexConstants.OPERATION, "updateWebhook", WebexConstants.TARGET_ID, id),
                Map.of("name", "test messages", "targetUrl", "http://127.0.0.1:2/hook", "secret", "s3cret"));
        List<?> hooks = call(Map.of(WebexConstants.OPERATION, "listWebhooks"), null).getMessage().getBody(List.class);
        assertThat(hooks).singleElement().satisfies(h -> assertThat(((Map<?, ?>) h).get("targetUrl"))
                .isEqualTo("http://127.0.0.1:2/hook"));

        call(Map.of(WebexConstants.OPERATION, "deleteWebhook", WebexConstants.TARGET_ID, id), null);
        assertThat(sandbox.webhooks()).isEmpty();
    }

    private String post(String room, String parentId, String markdown) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(WebexConstants.ROOM_ID, room);
        if (parentId != null) {
            headers.put(WebexConstants.PARENT_ID, parentId);
        }
        return call(headers, markdown).getMessage().getHeader(WebexConstants.SENT_MESSAGE_ID, String.class);
    }

    private Exchange call(Map<String, Object> headers, Object body) {
        Exchange exchange = template.request(ENDPOINT, e -> {
            e.getIn().setHeaders(new HashMap<>(headers));
            e.getIn().setBody(body);
        });
        assertThat(exchange.getException()).as("%s", headers).isNull();
        return exchange;
    }
}
