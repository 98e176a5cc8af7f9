package io.github.webexcamel.gateway.skill;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.access.AccessPolicy;
import io.github.webexcamel.gateway.governance.WebexCalls;
import io.github.webexcamel.gateway.state.Replays;
import io.github.webexcamel.gateway.webex.WebexConstants;
import io.github.webexcamel.gateway.webex.WebexIds;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Webex Assistant Skills endpoint ({@code routes/gateway/skill.camel.yaml}, seed 003): checks the signature,
 * decrypts, and answers with directives and the request's challenge. The text runs through the same dispatch as a
 * Webex message, as the Webex person of {@code context.userId}, with {@code webexChannel=skill}: the reply route
 * collects the replies ({@link #collect}) for this synchronous answer instead of posting them.
 */
public class AssistantSkill {

    public static final String VAR_CHANNEL = "webexChannel";
    public static final String CHANNEL = "skill";
    static final String VAR_REPLIES = "webexSkillReplies";
    private static final Logger LOG = LoggerFactory.getLogger(AssistantSkill.class);
    private static final Pattern UUID_PATTERN = Pattern.compile("[0-9a-fA-F-]{36}");
    private static final int MAX_REPLY_CHARS = 2000;
    private static final int MAX_SPEECH_CHARS = 600;
    private static final int SLEEP_DELAY_SECONDS = 10;

    private final SkillCrypto crypto;
    private final ObjectMapper mapper;
    private final WebexCalls webex;
    private final AccessPolicy access;
    private final ProducerTemplate producer;
    private final CamelContext camel;
    private final Duration timeout;
    private final String prefix;
    private final String intro;
    /**
     * The challenges of the requests answered, claimed in the state store like an event: a captured request,
     * signature and all, stays valid for the token's age limit and must not run its command a second time, on this
     * replica or another, before or after a restart.
     */
    private final IdempotentRepository answered;

    public AssistantSkill(SkillCrypto crypto, ObjectMapper mapper, WebexCalls webex, AccessPolicy access,
                          ProducerTemplate producer, CamelContext camel, Duration timeout, String prefix, String intro,
                          IdempotentRepository answered) {
        this.answered = answered;
        this.crypto = crypto;
        this.mapper = mapper;
        this.webex = webex;
        this.access = access;
        this.producer = producer;
        this.camel = camel;
        this.timeout = timeout;
        this.prefix = prefix;
        this.intro = intro;
    }

    /** The HTTP route's step: GET is the health check (the decrypted challenge), POST a request; sets body and status. */
    public void handle(Exchange exchange) {
        Message in = exchange.getIn();
        boolean get = "GET".equalsIgnoreCase(in.getHeader(Exchange.HTTP_METHOD, String.class));
        String signature;
        String message;
        if (get) {
            signature = in.getHeader("signature", String.class);
            message = in.getHeader("message", String.class);
        } else {
            JsonNode body = json(in.getBody(String.class));
            signature = body == null ? null : body.path("signature").asText(null);
            message = body == null ? null : body.path("message").asText(null);
        }
        // nothing of the request may go back as a response header
        in.removeHeaders("*");
        if (crypto == null) {
            respond(exchange, 404, Map.of("error", "no skill is configured"));
            return;
        }
        // the signature before anything else: an unsigned message is not even decrypted
        if (!crypto.verify(message, signature)) {
            LOG.info("Assistant Skills request refused: the signature does not match");
            respond(exchange, 400, Map.of("error", "invalid signature"));
            return;
        }
        String plain;
        try {
            plain = crypto.decrypt(message);
        } catch (Fernet.InvalidToken e) {
            LOG.info("Assistant Skills request refused: {}", e.getMessage());
            respond(exchange, 400, Map.of("error", "the message cannot be decrypted"));
            return;
        }
        if (get) {
            respond(exchange, 200, Map.of("challenge", plain));
            return;
        }
        JsonNode request = json(plain);
        if (request == null || !request.path("challenge").isTextual()) {
            respond(exchange, 400, Map.of("error", "the request has no challenge"));
            return;
        }
        if (!firstAnswer(request.path("challenge").asText())) {
            LOG.warn("Assistant Skills request refused: its challenge was answered before (a replay)");
            respond(exchange, 409, Map.of("error", "this request was answered before"));
            return;
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("challenge", request.path("challenge").asText());
        response.put("directives", directives(request));
        response.put("frame", request.path("frame").isObject() ? request.path("frame") : Map.of());
        respond(exchange, 200, response);
    }

    private boolean firstAnswer(String challenge) {
        return Replays.first(answered, "skill-challenge", challenge.getBytes(StandardCharsets.UTF_8));
    }

    private List<Map<String, Object>> directives(JsonNode request) {
        String text = request.path("text").asText("").strip();
        String state = request.path("params").path("target_dialogue_state").asText("");
        if ("skill_intro".equals(state) || text.isEmpty()) {
            return answer(List.of(intro), true);
        }
        return answer(run(request.path("context").path("userId").asText(""), text), false);
    }

    /** Runs the text as a command line of the person; returns what the command replied. */
    private List<String> run(String userId, String text) {
        if (!UUID_PATTERN.matcher(userId).matches()) {
            return List.of("I cannot tell who is asking, so I cannot run commands for you.");
        }
        Map<String, Object> person;
        try {
            person = webex.person(WebexIds.encode("us", "PEOPLE", userId));
        } catch (RuntimeException e) {
            LOG.warn("Assistant Skills: cannot look up person {} in Webex: {}", userId, e.getMessage());
            return List.of("I could not look you up in Webex; try again in a moment.");
        }
        Object emails = person == null ? null : person.get("emails");
        String email = emails instanceof List<?> list && !list.isEmpty() ? String.valueOf(list.get(0)) : null;
        if (email == null) {
            return List.of("I could not look you up in Webex; try again in a moment.");
        }
        String line = text.startsWith(prefix) ? text : prefix + text;
        List<String> replies = Collections.synchronizedList(new ArrayList<>());
        Exchange command = new DefaultExchange(camel);
        Message in = command.getIn();
        in.setHeader(WebexConstants.VERB, "post");
        in.setHeader(WebexConstants.EVENT_ID, "skill-" + UUID.randomUUID());
        in.setHeader(WebexConstants.PERSON_ID, String.valueOf(person.get("id")));
        in.setHeader(WebexConstants.PERSON_EMAIL, email);
        in.setHeader(WebexConstants.PERSON_TYPE, "bot".equalsIgnoreCase(String.valueOf(person.get("type"))) ? "BOT" : "PERSON");
        in.setHeader(WebexConstants.ROOM_TYPE, "direct");
        command.setVariable(WebexConstants.VAR_TEXT, line);
        command.setVariable(VAR_CHANNEL, CHANNEL);
        command.setVariable(VAR_REPLIES, replies);
        if (access.denied(command)) {
            return List.of("Sorry, you are not allowed to use this bot. Ask its operators for access.");
        }
        CompletableFuture<Exchange> running = producer.asyncSend("direct:webex-dispatch", command);
        try {
            Exchange done = running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (done.getException() != null) {
                LOG.warn("Assistant Skills command failed: {}", done.getException().getMessage());
                return List.of("Sorry, that did not work. The details are in the gateway log.");
            }
        } catch (TimeoutException e) {
            // the command goes on; what it says later has no one to go to
            List<String> sofar = new ArrayList<>(copy(replies));
            sofar.add("Still working on " + line + ". It goes on running, but I will not hear its result here:"
                    + " ask me again in a while, or look in Webex.");
            return sofar;
        } catch (ExecutionException e) {
            return List.of("Sorry, that did not work. The details are in the gateway log.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("Sorry, I was stopped while working on that.");
        }
        List<String> all = copy(replies);
        return all.isEmpty() ? List.of("Done.") : all;
    }

    /** The reply route's step for {@code webexChannel=skill}: keeps the reply as plain text for the answer. */
    @SuppressWarnings("unchecked")
    public void collect(Exchange exchange) {
        List<String> replies = exchange.getVariable(VAR_REPLIES, List.class);
        if (replies == null) {
            return;
        }
        String text;
        if (exchange.getVariable(WebexConstants.VAR_CARD) != null) {
            text = exchange.getVariable(WebexConstants.VAR_FALLBACK, "I answered with a card: open Webex to see it.",
                    String.class);
        } else if (exchange.getIn().getBody() instanceof Map<?, ?> message) {
            Object markdown = message.get("markdown");
            text = String.valueOf(markdown != null ? markdown : message.get("text"));
        } else {
            text = exchange.getIn().getBody(String.class);
        }
        if (text != null && !text.isBlank()) {
            replies.add(cut(SpokenText.plain(cut(text, 4 * MAX_REPLY_CHARS)), MAX_REPLY_CHARS));
        }
    }

    /**
     * For a command that edits its reply as it goes (/ask streams into one message): on the skill channel the last
     * collected reply is replaced. Returns false outside a skill request (edit the Webex message then).
     */
    @SuppressWarnings("unchecked")
    public static boolean replaceLast(Exchange exchange, String markdown) {
        List<String> replies = CHANNEL.equals(exchange.getVariable(VAR_CHANNEL, String.class))
                ? exchange.getVariable(VAR_REPLIES, List.class) : null;
        if (replies == null) {
            return false;
        }
        String text = cut(SpokenText.plain(cut(markdown == null ? "" : markdown, 4 * MAX_REPLY_CHARS)), MAX_REPLY_CHARS);
        synchronized (replies) {
            if (replies.isEmpty()) {
                replies.add(text);
            } else {
                replies.set(replies.size() - 1, text);
            }
        }
        return true;
    }

    private static List<String> copy(List<String> replies) {
        synchronized (replies) {
            return new ArrayList<>(replies);
        }
    }

    /** reply per line, one speak for all, then listen (a conversation goes on) or sleep (done). */
    private static List<Map<String, Object>> answer(List<String> lines, boolean listen) {
        List<Map<String, Object>> directives = new ArrayList<>();
        for (String line : lines) {
            directives.add(directive("reply", "view", Map.of("text", line)));
        }
        directives.add(directive("speak", "action", Map.of("text", cut(SpokenText.speech(lines), MAX_SPEECH_CHARS))));
        directives.add(listen ? directive("listen", "action", Map.of())
                : directive("sleep", "action", Map.of("delay", SLEEP_DELAY_SECONDS)));
        return directives;
    }

    private static Map<String, Object> directive(String name, String type, Map<String, Object> payload) {
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("name", name);
        directive.put("type", type);
        directive.put("payload", payload);
        return directive;
    }

    private void respond(Exchange exchange, int status, Object body) {
        try {
            exchange.getMessage().setBody(mapper.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    private JsonNode json(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
