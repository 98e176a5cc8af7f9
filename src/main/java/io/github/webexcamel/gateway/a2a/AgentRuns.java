package io.github.webexcamel.gateway.a2a;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.command.CommandException;
import io.github.webexcamel.gateway.governance.WebexCalls;
import io.github.webexcamel.gateway.llm.ThreadContext;
import io.github.webexcamel.kamelets.CircuitGuard;
import io.github.webexcamel.gateway.webex.MessageSplitter;
import io.github.webexcamel.gateway.webex.SafeMarkdown;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /agent}: asks an A2A agent and streams its progress into one reply in the request's thread. The request
 * route posts the placeholder and hands the run to a pool of its own, so the space's lane is free while the agent
 * works (an agent may take minutes, and {@code /agent cancel} in the thread must get through). The run edits the
 * reply as events arrive — at most every {@code editInterval}, and at most {@code maxEdits} times with one edit
 * kept for the end (Webex allows 10 per message) — then writes the outcome exactly once: the answer (split at
 * the Webex limit), the error, the cancel, or the form an {@code input-required} task asks for.
 */
public class AgentRuns {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRuns.class);
    public static final String FEEDBACK_SOURCE = "webexFeedbackSource";
    public static final String FEEDBACK_QUESTION = "webexFeedbackQuestion";
    private static final int MAX_RESUBSCRIBES = 3;

    private final ObjectMapper mapper;
    private final WebexCalls webex;
    private final ProducerTemplate producer;
    private final AgentConversations conversations;
    private final ThreadContext threadContext;
    private final Duration editInterval;
    private final int maxEdits;
    private final Duration refreshBefore;
    private final Duration cardTtl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, A2aClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Run> running = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService ticker;
    private CircuitGuard circuit = CircuitGuard.none("The agent");

    public AgentRuns(ObjectMapper mapper, WebexCalls webex, ProducerTemplate producer, AgentConversations conversations,
                     ThreadContext threadContext, Duration editInterval, int maxEdits, int maxConcurrent,
                     Duration refreshBefore, Duration cardTtl) {
        this.mapper = mapper;
        this.webex = webex;
        this.producer = producer;
        this.conversations = conversations;
        this.threadContext = threadContext;
        this.editInterval = editInterval;
        this.maxEdits = Math.max(1, Math.min(maxEdits, 9));
        this.refreshBefore = refreshBefore;
        this.cardTtl = cardTtl;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(maxConcurrent, maxConcurrent, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(200), r -> {
                    Thread t = new Thread(r, "a2a-run-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.pool.allowCoreThreadTimeOut(true);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "a2a-edits");
            t.setDaemon(true);
            return t;
        });
    }

    /** The agent's circuit breaker (a2a.circuit-breaker.*), shared by every client of every agent. */
    public AgentRuns circuitGuard(CircuitGuard circuit) {
        this.circuit = circuit;
        return this;
    }

    public void shutdown() {
        pool.shutdownNow();
        ticker.shutdownNow();
    }

    // ---------------------------------------------------------------- called by the kamelet

    /**
     * Refuses before anything is posted when no agent is configured or it speaks another protocol; otherwise
     * sets {@code a2aThreadId} (the request's thread, or the request itself, which becomes the thread) and the
     * placeholder text in {@code a2aPlaceholder}, and moves the reply into that thread.
     */
    public void prepare(Exchange exchange) {
        AgentCard card = card(exchange);
        protocol(card);
        String thread = threadId(exchange);
        exchange.setVariable("a2aThreadId", thread);
        if (exchange.getIn().getHeader(WebexConstants.PARENT_ID) != null
                && conversations.find(thread, exchange.getVariable("a2aUrl", String.class)) == null) {
            // a thread the agent has not seen: what was said before goes with the request (bounded, as /ask does)
            exchange.setVariable("a2aThreadContext", threadContext.fetch(exchange));
        }
        exchange.getIn().setHeader(WebexConstants.PARENT_ID, thread);
        exchange.setVariable("a2aPlaceholder", "_Asking " + SafeMarkdown.code(card.name()) + " (A2A " + card.majorMinor()
                + ")…_");
    }

    /** {@code /agent} without text: the agent's card, and the protocol it speaks. */
    public String info(Exchange exchange) {
        AgentCard card = card(exchange);
        StringBuilder out = new StringBuilder("**Agent** ").append(SafeMarkdown.code(card.name()))
                .append(" speaks A2A ").append(card.protocolVersion());
        try {
            A2aProtocol.forCard(card);
            out.append(card.streaming() ? " and streams its progress." : " and answers without streaming.");
        } catch (A2aException e) {
            out.append(": this gateway speaks A2A 0.3 only.");
        }
        if (!card.description().isBlank()) {
            out.append("\n\n").append(card.description().replaceAll("\\s+", " "));
        }
        if (!card.skills().isEmpty()) {
            out.append("\n\nSkills: ").append(String.join(", ", card.skills().stream().map(SafeMarkdown::code).toList()));
        }
        out.append("\n\nAsk with `/agent <request>`; follow up in the thread of its answer.");
        return out.toString();
    }

    /** Starts the run of the question in {@code webexArgs} into the placeholder {@code a2aReplyId}. */
    public void ask(Exchange exchange) {
        String question = exchange.getVariable(WebexConstants.VAR_ARGS, "", String.class).strip();
        if (question.isEmpty()) {
            throw new CommandException("Usage: /agent <request>");
        }
        String thread = exchange.getVariable("a2aThreadId", String.class);
        String url = exchange.getVariable("a2aUrl", String.class);
        AgentConversations.Conversation previous = conversations.find(thread, url);
        String text = question;
        String context = exchange.getVariable("a2aThreadContext", "", String.class);
        if (previous == null && !context.isBlank()) {
            text = "Earlier messages in this Webex thread:\n" + context + "\n\nRequest: " + question;
        }
        start(exchange, question, text, null, previous == null ? null : previous.contextId(),
                previous != null && "input-required".equals(previous.taskState()) ? previous.taskId() : null);
    }

    /**
     * Checks a form submit against the thread's task (it must still wait for input) and sets {@code a2aThreadId}
     * and the placeholder; the submit's inputs are the person's, so they go to the agent as data and nowhere else.
     */
    public void prepareAnswer(Exchange exchange) {
        prepare(exchange);
        AgentConversations.Conversation conversation = conversations.find(exchange.getVariable("a2aThreadId", String.class),
                exchange.getVariable("a2aUrl", String.class));
        if (conversation == null || !"input-required".equals(conversation.taskState())) {
            throw new CommandException("This form was answered already (or its task ended).");
        }
        exchange.setVariable("a2aPlaceholder", "_Sent your answer to the agent…_");
    }

    /** Resumes the thread's {@code input-required} task with the submitted inputs. */
    public void answer(Exchange exchange) {
        String thread = exchange.getVariable("a2aThreadId", String.class);
        AgentConversations.Conversation conversation = conversations.find(thread, exchange.getVariable("a2aUrl", String.class));
        Map<?, ?> inputs = exchange.getVariable(WebexConstants.VAR_INPUTS, Map.class);
        ObjectNode data = mapper.createObjectNode();
        StringBuilder text = new StringBuilder();
        if (inputs != null) {
            inputs.forEach((k, v) -> {
                String key = String.valueOf(k);
                if (!key.equals("command") && !key.equals("action")) {
                    data.put(key, String.valueOf(v));
                    text.append(key).append(": ").append(v).append('\n');
                }
            });
        }
        start(exchange, text.toString().strip(), text.toString().strip(), data, conversation.contextId(),
                conversation.taskId());
    }

    /** {@code /agent cancel} in a thread: cancels the thread's task at the agent. The reply text. */
    public String cancel(Exchange exchange) {
        String thread = exchange.getIn().getHeader(WebexConstants.PARENT_ID, String.class);
        if (thread == null) {
            return "Send `/agent cancel` in the thread of the agent's answer.";
        }
        String url = exchange.getVariable("a2aUrl", String.class);
        AgentConversations.Conversation conversation = conversations.find(thread, url);
        if (conversation == null || conversation.taskId() == null) {
            return "There is no agent task in this thread.";
        }
        if (A2aEvent.terminal(conversation.taskState())) {
            return "The agent's task is " + conversation.taskState() + " already; there is nothing to cancel.";
        }
        AgentCard card = card(exchange);
        A2aProtocol protocol = protocol(card);
        Run run = running.get(thread);
        if (run != null) {
            run.canceledBy = exchange.getIn().getHeader(WebexConstants.PERSON_EMAIL, String.class);
        }
        try {
            JsonNode task = client(exchange).call(card, protocol, protocol.cancelMethod(),
                    protocol.taskIdParams(conversation.taskId()), Duration.ofSeconds(30));
            A2aEvent event = protocol.event(task);
            String state = event == null || event.state() == null ? "canceled" : event.state();
            if (run != null) {
                // the agent ends the stream with the canceled state; one that does not is closed after a grace
                ticker.schedule(run::stop, 5, TimeUnit.SECONDS);
            } else {
                conversations.save(thread, conversation.roomId(), url, conversation.contextId(), conversation.taskId(), state);
            }
            return "Canceled the agent's task.";
        } catch (A2aException e) {
            if (run != null) {
                run.canceledBy = null;
            }
            if (e.rpcCode() == -32002) {
                return "The agent's task cannot be canceled any more (it has finished or is finishing).";
            }
            if (e.rpcCode() == -32001) {
                conversations.save(thread, conversation.roomId(), url, conversation.contextId(), null, null);
                return "The agent no longer knows this thread's task.";
            }
            throw new CommandException(e.getMessage());
        }
    }

    // ---------------------------------------------------------------- the run

    private void start(Exchange exchange, String question, String text, JsonNode data, String contextId, String taskId) {
        AgentCard card = card(exchange);
        Run run = new Run();
        run.client = client(exchange);
        run.card = card;
        run.protocol = A2aProtocol.forCard(card);
        run.url = exchange.getVariable("a2aUrl", String.class);
        run.room = exchange.getIn().getHeader(WebexConstants.ROOM_ID, String.class);
        run.roomType = exchange.getIn().getHeader(WebexConstants.ROOM_TYPE, String.class);
        run.thread = exchange.getVariable("a2aThreadId", String.class);
        run.replyId = exchange.getVariable("a2aReplyId", String.class);
        run.question = question;
        run.timeout = Duration.ofSeconds(exchange.getVariable("a2aTimeoutSeconds", 300, Integer.class));
        run.params = run.protocol.sendParams(UUID.randomUUID().toString(), text, data, contextId, taskId);
        run.progress = new AgentProgress(mapper);
        run.progress.contextId = contextId;
        run.progress.taskId = taskId;
        try {
            pool.execute(() -> run.run());
        } catch (RejectedExecutionException e) {
            edit(run, "The agents are busy with other requests; try again in a moment.");
        }
    }

    private final class Run {
        A2aClient client;
        AgentCard card;
        A2aProtocol protocol;
        String url;
        String room;
        String roomType;
        String thread;
        String replyId;
        String question;
        Duration timeout;
        ObjectNode params;
        AgentProgress progress;
        volatile String canceledBy;
        volatile Runnable stopper = () -> { };
        int edits;
        long lastEdit = System.nanoTime();
        final Object editLock = new Object();
        boolean finished;

        boolean saved;

        void stop() {
            stopper.run();
        }

        /** Applies an event; the thread knows its task as soon as the agent names it, so a cancel finds it. */
        void apply(A2aEvent event) {
            progress.apply(event);
            if (!saved && progress.taskId != null) {
                saved = true;
                conversations.save(thread, room, url, progress.contextId, progress.taskId,
                        progress.state == null ? "submitted" : progress.state);
            }
        }

        void run() {
            running.put(thread, this);
            ScheduledFuture<?> tick = ticker.scheduleWithFixedDelay(this::tick, editInterval.toMillis(),
                    editInterval.toMillis(), TimeUnit.MILLISECONDS);
            String failure = null;
            try {
                long deadline = System.nanoTime() + timeout.toNanos();
                A2aClient.End end;
                if (card.streaming()) {
                    end = client.stream(card, protocol, protocol.streamMethod(), params, this::apply, deadline,
                            s -> stopper = s);
                    int resubscribes = 0;
                    while (end == A2aClient.End.DROPPED && canceledBy == null && progress.taskId != null
                            && !A2aEvent.stops(progress.state) && resubscribes++ < MAX_RESUBSCRIBES) {
                        LOG.info("The stream of agent task {} dropped; resubscribing", progress.taskId);
                        end = client.stream(card, protocol, protocol.resubscribeMethod(),
                                protocol.taskIdParams(progress.taskId), this::apply, deadline, s -> stopper = s);
                    }
                } else {
                    end = poll(deadline);
                }
                if (end == A2aClient.End.TIMEOUT) {
                    cancelQuietly();
                    failure = "The agent did not finish within " + timeout.toSeconds() + " seconds; its task was canceled.";
                } else if (end == A2aClient.End.DROPPED && canceledBy == null && !A2aEvent.stops(progress.state)) {
                    failure = "The connection to the agent dropped before it finished, and it could not be resumed.";
                }
            } catch (A2aException e) {
                if (e.rpcCode() == -32004 || e.rpcCode() == -32601) {
                    failure = "The connection to the agent dropped before it finished, and the agent cannot resume it ("
                            + e.getMessage().replaceFirst("^The agent answered with an error: ", "") + ")";
                } else {
                    failure = e.getMessage();
                }
            } catch (RuntimeException e) {
                LOG.error("Agent run failed in room {}", room, e);
                failure = "Something went wrong while talking to the agent; the details are in the gateway log.";
            } finally {
                tick.cancel(false);
            }
            try {
                finish(failure);
            } finally {
                running.remove(thread, this);
            }
        }

        /** message/send, then tasks/get until the task stops (an agent that does not stream). */
        private A2aClient.End poll(long deadline) {
            Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
            JsonNode result = client.call(card, protocol, protocol.sendMethod(), params, left);
            A2aEvent event = protocol.event(result);
            if (event != null) {
                apply(event);
            }
            while (progress.taskId != null && progress.state != null && !A2aEvent.stops(progress.state)) {
                if (System.nanoTime() > deadline) {
                    return A2aClient.End.TIMEOUT;
                }
                try {
                    Thread.sleep(Math.min(2000, editInterval.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return A2aClient.End.DROPPED;
                }
                A2aEvent polled = protocol.event(client.call(card, protocol, "tasks/get",
                        protocol.taskIdParams(progress.taskId), Duration.ofSeconds(30)));
                if (polled != null) {
                    apply(polled);
                }
            }
            return A2aClient.End.FINAL;
        }

        private void cancelQuietly() {
            if (progress.taskId == null) {
                return;
            }
            try {
                client.call(card, protocol, protocol.cancelMethod(), protocol.taskIdParams(progress.taskId),
                        Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                LOG.info("Could not cancel the timed-out agent task: {}", e.getMessage());
            }
        }

        /**
         * A throttled progress edit; the last edit is kept for the outcome. After half the budget the gap between
         * edits doubles each time, so a long run keeps showing progress for minutes instead of spending its
         * edits in the first half minute.
         */
        private void tick() {
            synchronized (editLock) {
                long gap = editInterval.toNanos() << Math.min(10, Math.max(0, edits - (maxEdits - 1) / 2));
                if (finished || edits >= maxEdits - 1 || System.nanoTime() - lastEdit < gap - editInterval.toNanos() / 2
                        || !progress.takeDirty()) {
                    return;
                }
                String text = first(progress.renderProgress("Working"));
                try {
                    webex.edit(room, replyId, text);
                    edits++;
                    lastEdit = System.nanoTime();
                } catch (RuntimeException e) {
                    LOG.warn("Could not edit the agent's progress message: {}", e.getMessage());
                    edits = maxEdits; // the outcome gets a message of its own if its edit fails too
                }
            }
        }

        private void finish(String failure) {
            synchronized (editLock) {
                finished = true;
            }
            String state = progress.state;
            conversations.save(thread, room, url, progress.contextId, progress.taskId,
                    failure != null && !A2aEvent.stops(state) ? "failed" : state);
            if (failure != null) {
                outcome(progress.render("⚠️ " + failure), false);
            } else if (canceledBy != null || "canceled".equals(state)) {
                String answer = progress.answer();
                outcome(progress.render((answer.isBlank() ? "" : answer + "\n\n") + "_Canceled"
                        + (canceledBy == null ? "" : " by " + canceledBy) + "._"), false);
            } else if ("failed".equals(state) || "rejected".equals(state)) {
                String why = progress.statusMessage();
                outcome(progress.render("⚠️ The agent's task " + state + (why == null || why.isBlank() ? "." : ": " + why)),
                        false);
            } else if ("input-required".equals(state) || "auth-required".equals(state)) {
                String why = progress.statusMessage();
                outcome(progress.render((why == null || why.isBlank() ? "The agent needs more information." : why)
                        + "\n\n_Answer in the form below, or cancel with `/agent cancel` in this thread._"), false);
                form();
            } else {
                String answer = progress.answer();
                outcome(progress.render(answer.isBlank() ? "_(The agent finished without an answer.)_" : answer), true);
            }
        }

        /**
         * Writes the outcome: the first part into the progress message (a new message if that edit fails), further
         * parts as new messages in the thread. The last message goes through the reply route, with the feedback
         * variables on an answer.
         */
        private void outcome(String text, boolean answer) {
            List<String> parts = MessageSplitter.split(text, MessageSplitter.WEBEX_MAX_BYTES);
            for (int i = 0; i < parts.size(); i++) {
                boolean last = i == parts.size() - 1;
                String part = parts.get(i);
                boolean edited = false;
                if (i == 0 && !last) {
                    edited = edit(this, part);
                } else if (i == 0) {
                    edited = reply(part, replyId, answer);
                }
                if (!edited) {
                    reply(part, null, answer && last);
                }
            }
        }

        private boolean reply(String markdown, String editId, boolean answer) {
            Exchange sent = producer.send("direct:webex-reply", e -> {
                e.getIn().setHeader(WebexConstants.ROOM_ID, room);
                e.getIn().setHeader(WebexConstants.ROOM_TYPE, roomType);
                e.getIn().setHeader(WebexConstants.PARENT_ID, thread);
                if (editId != null) {
                    e.getIn().setHeader(WebexConstants.EDIT_MESSAGE_ID, editId);
                }
                if (answer) {
                    e.setVariable(FEEDBACK_SOURCE, card.name());
                    e.setVariable(FEEDBACK_QUESTION, question);
                }
                e.getIn().setBody(markdown);
            });
            if (sent.getException() != null) {
                LOG.warn("Could not {} the agent's answer: {}", editId == null ? "post" : "write", sent.getException().getMessage());
                return false;
            }
            return true;
        }

        /** The agent's request for input as a form (routes/cards/agent-input.json). */
        private void form() {
            JsonNode request = progress.inputRequest();
            List<Map<String, Object>> fields = new ArrayList<>();
            if (request != null) {
                collectFields(request, fields);
            }
            if (fields.isEmpty()) {
                fields.add(field("answer", "Your answer", List.of()));
            }
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("agent", card.name());
            model.put("fields", fields);
            Exchange sent = producer.send("direct:webex-reply", e -> {
                e.getIn().setHeader(WebexConstants.ROOM_ID, room);
                e.getIn().setHeader(WebexConstants.ROOM_TYPE, roomType);
                e.getIn().setHeader(WebexConstants.PARENT_ID, thread);
                e.setVariable(WebexConstants.VAR_CARD, "agent-input");
                e.setVariable(WebexConstants.VAR_FALLBACK, "The agent needs more information: open this message in a"
                        + " Webex app that shows cards.");
                e.getIn().setBody(model);
            });
            if (sent.getException() != null) {
                LOG.warn("Could not post the agent's form: {}", sent.getException().getMessage());
            }
        }
    }

    /** Fields of CAIPE's UserInputMetaData ({@code input_fields} in a data part, or in an artifact's metadata). */
    private static void collectFields(JsonNode node, List<Map<String, Object>> fields) {
        if (node == null || fields.size() >= 10) {
            return;
        }
        if (node.isObject()) {
            JsonNode list = node.path("input_fields");
            if (list.isArray()) {
                for (JsonNode f : list) {
                    String name = f.path("field_name").asText(f.path("name").asText(""));
                    String id = name.replaceAll("[^A-Za-z0-9_.-]", "_");
                    if (id.isBlank() || id.equals("command") || id.equals("action") || fields.size() >= 10) {
                        continue;
                    }
                    List<String> values = new ArrayList<>();
                    JsonNode options = f.has("field_values") ? f.path("field_values") : f.path("options");
                    for (JsonNode v : options) {
                        if (values.size() < 50) {
                            values.add(v.isTextual() ? v.asText() : v.path("value").asText(v.toString()));
                        }
                    }
                    String label = f.path("field_description").asText(f.path("description").asText(name));
                    fields.add(field(id, label.length() > 200 ? label.substring(0, 200) + "…" : label, values));
                }
                return;
            }
            node.fields().forEachRemaining(e -> collectFields(e.getValue(), fields));
        } else if (node.isArray()) {
            node.forEach(n -> collectFields(n, fields));
        }
    }

    private static Map<String, Object> field(String id, String label, List<String> values) {
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("id", id);
        field.put("label", label);
        field.put("choice", !values.isEmpty());
        field.put("text", values.isEmpty()); // the card templates have no negation
        field.put("choices", values.stream().map(v -> Map.of("title", v, "value", v)).toList());
        return field;
    }

    // ---------------------------------------------------------------- helpers

    private boolean edit(Run run, String text) {
        try {
            webex.edit(run.room, run.replyId, text);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Could not edit the agent's message: {}", e.getMessage());
            return false;
        }
    }

    private static String first(String text) {
        return MessageSplitter.split(text, MessageSplitter.WEBEX_MAX_BYTES).get(0);
    }

    /** The protocol of the card's version, or the person is told which version the agent speaks. */
    private static A2aProtocol protocol(AgentCard card) {
        try {
            return A2aProtocol.forCard(card);
        } catch (A2aException e) {
            throw new CommandException(e.getMessage());
        }
    }

    private AgentCard card(Exchange exchange) {
        try {
            return client(exchange).card();
        } catch (A2aException e) {
            throw new CommandException(e.getMessage());
        }
    }

    /** One client (card cache, token cache) per agent and credentials, as kamelet parameters name them. */
    private A2aClient client(Exchange exchange) {
        A2aClient resolved = exchange.getVariable("a2aClient", A2aClient.class);
        if (resolved != null) {
            return resolved;
        }
        String secret = exchange.getVariable("a2aClientSecret", "", String.class);
        exchange.removeVariable("a2aClientSecret"); // whatever happens next (errors too) goes on without it
        String url = exchange.getVariable("a2aUrl", "", String.class).strip();
        if (url.isEmpty()) {
            throw new CommandException("No agent is configured: set A2A_URL (a2a.url), and the A2A_AUTH_* settings if"
                    + " the agent needs a token.");
        }
        String tokenUrl = exchange.getVariable("a2aTokenUrl", "", String.class);
        String clientId = exchange.getVariable("a2aClientId", "", String.class);
        String scope = exchange.getVariable("a2aScope", "", String.class);
        String audience = exchange.getVariable("a2aAudience", "", String.class);
        String key = String.join("\u0000", url, tokenUrl, clientId, Integer.toHexString(secret.hashCode()), scope, audience);
        resolved = clients.computeIfAbsent(key, k -> new A2aClient(url, new OAuth2Tokens(tokenUrl, clientId, secret, scope,
                audience, refreshBefore, http, mapper), mapper, cardTtl, http).circuitGuard(circuit));
        exchange.setVariable("a2aClient", resolved);
        return resolved;
    }

    /** The thread a request belongs to: its parent, or itself (the agent's answer starts a thread on it). */
    private static String threadId(Exchange exchange) {
        String parent = exchange.getIn().getHeader(WebexConstants.PARENT_ID, String.class);
        return parent != null ? parent : exchange.getIn().getHeader(WebexConstants.MESSAGE_ID, String.class);
    }
}
