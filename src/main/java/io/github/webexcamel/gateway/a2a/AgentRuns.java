package io.github.webexcamel.gateway.a2a;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.command.CommandException;
import io.github.webexcamel.gateway.governance.WebexCalls;
import io.github.webexcamel.gateway.llm.ThreadContext;
import io.github.webexcamel.gateway.webex.MessageSplitter;
import io.github.webexcamel.gateway.webex.SafeMarkdown;
import io.github.webexcamel.gateway.webex.WebexConstants;
import io.github.webexcamel.kamelets.a2a.A2aAgentAction;
import io.github.webexcamel.kamelets.a2a.A2aEvent;
import io.github.webexcamel.kamelets.a2a.A2aException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /agent}: asks an A2A agent and streams its progress into one reply in the request's thread. The agent is
 * talked to by the a2a-agent-action kamelet, which {@code routes/gateway/a2a-agent.camel.yaml} wraps as
 * {@code direct:a2a-agent}; this is the Webex side. The request route posts the placeholder and hands the run to a pool
 * of its own, so the space's lane is free while the agent works (an agent may take minutes, and {@code /agent cancel}
 * in the thread must get through). The kamelet reports the progress to {@link #progress}; the run edits the reply with
 * it — at most every {@code editInterval}, and at most {@code maxEdits} times with one edit kept for the end (Webex
 * allows 10 per message) — then writes the outcome exactly once: the answer (split at the Webex limit), the error,
 * the cancel, or the form an {@code input-required} task asks for. The A2A contextId and task of each Webex thread
 * are kept in {@link AgentConversations}.
 */
public class AgentRuns {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRuns.class);
    public static final String FEEDBACK_SOURCE = "webexFeedbackSource";
    public static final String FEEDBACK_QUESTION = "webexFeedbackQuestion";
    /** The route (routes/gateway/a2a-agent.camel.yaml) that calls the kamelet with the gateway's settings. */
    static final String AGENT = "direct:a2a-agent";
    private static final String RUN_THREAD = "a2aRunThread";

    private final ObjectMapper mapper;
    private final WebexCalls webex;
    private final ProducerTemplate producer;
    private final AgentConversations conversations;
    private final ThreadContext threadContext;
    private final Duration editInterval;
    private final int maxEdits;
    private final Map<String, Run> running = new ConcurrentHashMap<>();
    private final int maxAnswerBytes;
    static final String STILL_WORKING = "The agent is still working in this thread: wait for its answer, or cancel it"
            + " with `/agent cancel` here.";
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService ticker;

    public AgentRuns(ObjectMapper mapper, WebexCalls webex, ProducerTemplate producer, AgentConversations conversations,
                     ThreadContext threadContext, Duration editInterval, int maxEdits, int maxConcurrent,
                     int maxAnswerBytes) {
        this.maxAnswerBytes = maxAnswerBytes;
        this.mapper = mapper;
        this.webex = webex;
        this.producer = producer;
        this.conversations = conversations;
        this.threadContext = threadContext;
        this.editInterval = editInterval;
        this.maxEdits = Math.max(1, Math.min(maxEdits, 9));
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

    public void shutdown() {
        pool.shutdownNow();
        ticker.shutdownNow();
    }

    // ---------------------------------------------------------------- called by agent.camel.yaml

    /**
     * Refuses before anything is posted when no agent is configured or it speaks another protocol; otherwise
     * sets {@code a2aThreadId} (the request's thread, or the request itself, which becomes the thread) and the
     * placeholder text in {@code a2aPlaceholder}, and moves the reply into that thread.
     */
    public void prepare(Exchange exchange) {
        JsonNode card = card(exchange);
        if (!card.path("supported").asBoolean()) {
            throw new CommandException(card.path("unsupported").asText("The agent speaks another A2A version."));
        }
        String thread = threadId(exchange);
        if (running.containsKey(thread)) {
            // one run per thread: a second would take over the first's progress, task and cancel
            throw new CommandException(STILL_WORKING);
        }
        exchange.setVariable("a2aThreadId", thread);
        AgentConversations.Conversation open = exchange.getIn().getHeader(WebexConstants.PARENT_ID) == null ? null
                : conversations.find(thread, url(exchange));
        String sender = exchange.getIn().getHeader(WebexConstants.PERSON_EMAIL, String.class);
        if (open != null && "input-required".equals(open.taskState()) && open.askedBy() != null
                && !open.askedBy().equalsIgnoreCase(sender)) {
            // the agent waits for the person whose request it works on: another member's form submit or follow-up
            // in the thread would steer their task
            throw new CommandException("Only " + open.askedBy() + ", who asked the agent, can answer it in this thread.");
        }
        if (exchange.getIn().getHeader(WebexConstants.PARENT_ID) != null && open == null) {
            // a thread the agent has not seen: what was said before goes with the request (bounded, as /ask does)
            exchange.setVariable("a2aThreadContext", threadContext.fetch(exchange));
        }
        exchange.getIn().setHeader(WebexConstants.PARENT_ID, thread);
        exchange.setVariable("a2aAgentName", card.path("name").asText("agent"));
        exchange.setVariable("a2aPlaceholder", "_Asking " + SafeMarkdown.code(card.path("name").asText("agent")) + " (A2A "
                + card.path("majorMinor").asText() + ")…_");
    }

    /** {@code /agent} without text: the agent's card, and the protocol it speaks. */
    public String info(Exchange exchange) {
        JsonNode card = card(exchange);
        StringBuilder out = new StringBuilder("**Agent** ").append(SafeMarkdown.code(card.path("name").asText("agent")))
                .append(" speaks A2A ").append(card.path("protocolVersion").asText());
        if (card.path("supported").asBoolean()) {
            out.append(card.path("streaming").asBoolean() ? " and streams its progress." : " and answers without streaming.");
        } else {
            out.append(": this gateway speaks A2A 0.3 only.");
        }
        String description = card.path("description").asText("");
        if (!description.isBlank()) {
            out.append("\n\n").append(description.replaceAll("\\s+", " "));
        }
        List<String> skills = new ArrayList<>();
        card.path("skills").forEach(s -> skills.add(SafeMarkdown.code(s.asText())));
        if (!skills.isEmpty()) {
            out.append("\n\nSkills: ").append(String.join(", ", skills));
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
        AgentConversations.Conversation previous = conversations.find(thread, url(exchange));
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
                url(exchange));
        if (conversation == null || !"input-required".equals(conversation.taskState())) {
            throw new CommandException("This form was answered already (or its task ended).");
        }
        exchange.setVariable("a2aPlaceholder", "_Sent your answer to the agent…_");
    }

    /** Resumes the thread's {@code input-required} task with the submitted inputs. */
    public void answer(Exchange exchange) {
        String thread = exchange.getVariable("a2aThreadId", String.class);
        AgentConversations.Conversation conversation = conversations.find(thread, url(exchange));
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
        String url = url(exchange);
        AgentConversations.Conversation conversation = conversations.find(thread, url);
        if (conversation == null || conversation.taskId() == null) {
            return "There is no agent task in this thread.";
        }
        if (A2aEvent.terminal(conversation.taskState())) {
            return "The agent's task is " + conversation.taskState() + " already; there is nothing to cancel.";
        }
        Run run = running.get(thread);
        if (run != null) {
            run.canceledBy = exchange.getIn().getHeader(WebexConstants.PERSON_EMAIL, String.class);
        }
        try {
            JsonNode canceled = agent("cancel", e -> e.getIn().setHeader(A2aAgentAction.TASK_ID, conversation.taskId()));
            if (run == null) {
                conversations.save(thread, conversation.roomId(), url, conversation.contextId(), conversation.taskId(),
                        canceled.path("state").asText("canceled"));
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
        } catch (RuntimeException e) {
            if (run != null) {
                run.canceledBy = null;
            }
            throw e;
        }
    }

    /**
     * The kamelet's progress (its {@code progressUri}): the run of the thread shows it at its next edit, and the
     * thread knows its task as soon as the agent names it, so a cancel finds it.
     */
    public void progress(Exchange exchange) {
        Run run = running.get(exchange.getVariable(RUN_THREAD, "", String.class));
        if (run != null) {
            run.progressed(exchange.getIn().getBody(String.class),
                    exchange.getIn().getHeader(A2aAgentAction.CONTEXT_ID, String.class),
                    exchange.getIn().getHeader(A2aAgentAction.TASK_ID, String.class),
                    exchange.getIn().getHeader(A2aAgentAction.STATE, String.class));
        }
    }

    // ---------------------------------------------------------------- the run

    private void start(Exchange exchange, String question, String text, JsonNode data, String contextId, String taskId) {
        Run run = new Run();
        run.agentName = exchange.getVariable("a2aAgentName", "agent", String.class);
        run.url = url(exchange);
        run.room = exchange.getIn().getHeader(WebexConstants.ROOM_ID, String.class);
        run.roomType = exchange.getIn().getHeader(WebexConstants.ROOM_TYPE, String.class);
        run.thread = exchange.getVariable("a2aThreadId", String.class);
        run.replyId = exchange.getVariable("a2aReplyId", String.class);
        run.question = question;
        run.askedBy = exchange.getIn().getHeader(WebexConstants.PERSON_EMAIL, String.class);
        run.contextId = contextId;
        run.taskId = taskId;
        ObjectNode request = mapper.createObjectNode().put("text", text);
        if (data != null) {
            request.set("data", data);
        }
        run.request = request.toString();
        try {
            pool.execute(run::run);
        } catch (RejectedExecutionException e) {
            edit(run, "The agents are busy with other requests; try again in a moment.");
        }
    }

    private final class Run {
        String agentName;
        String url;
        String room;
        String roomType;
        String thread;
        String replyId;
        String question;
        String askedBy;
        String request;
        String contextId;
        String taskId;
        volatile String canceledBy;
        int edits;
        long lastEdit = System.nanoTime();
        final Object editLock = new Object();
        boolean finished;
        String shown;
        boolean dirty;
        boolean saved;

        void progressed(String text, String context, String task, String state) {
            synchronized (editLock) {
                if (text != null && !text.isBlank()) {
                    shown = text;
                    dirty = true;
                }
                if (!saved && task != null) {
                    saved = true;
                    conversations.save(thread, room, url, context, task, state == null ? "submitted" : state);
                }
            }
        }

        void run() {
            if (running.putIfAbsent(thread, this) != null) {
                edit(this, STILL_WORKING);
                return;
            }
            ScheduledFuture<?> tick = ticker.scheduleWithFixedDelay(this::tick, editInterval.toMillis(),
                    editInterval.toMillis(), TimeUnit.MILLISECONDS);
            JsonNode outcome;
            try {
                outcome = agent("send", e -> {
                    e.setVariable(RUN_THREAD, thread);
                    e.getIn().setHeader(A2aAgentAction.CONTEXT_ID, contextId);
                    e.getIn().setHeader(A2aAgentAction.TASK_ID, taskId);
                    e.getIn().setBody(request);
                });
            } catch (A2aException | CommandException e) {
                outcome = mapper.createObjectNode().put("error", e.getMessage()).put("contextId", contextId)
                        .put("taskId", taskId);
            } catch (RuntimeException e) {
                LOG.error("Agent run failed in room {}", room, e);
                outcome = mapper.createObjectNode().put("error", "Something went wrong while talking to the agent; the"
                        + " details are in the gateway log.").put("contextId", contextId).put("taskId", taskId);
            } finally {
                tick.cancel(false);
            }
            try {
                finish(outcome);
            } finally {
                running.remove(thread, this);
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
                        || !dirty) {
                    return;
                }
                dirty = false;
                try {
                    webex.edit(room, replyId, first(shown));
                    edits++;
                    lastEdit = System.nanoTime();
                } catch (RuntimeException e) {
                    LOG.warn("Could not edit the agent's progress message: {}", e.getMessage());
                    edits = maxEdits; // the outcome gets a message of its own if its edit fails too
                }
            }
        }

        private void finish(JsonNode outcome) {
            synchronized (editLock) {
                finished = true;
            }
            String failure = text(outcome, "error");
            String state = text(outcome, "state");
            String prefix = outcome.path("progress").asText("");
            conversations.save(thread, room, url, text(outcome, "contextId"), text(outcome, "taskId"),
                    failure != null && !A2aEvent.stops(state) ? "failed" : state);
            String answer = outcome.path("answer").asText("");
            String why = text(outcome, "status");
            if (failure != null) {
                outcome(render(prefix, "⚠️ " + failure), false);
            } else if (canceledBy != null || "canceled".equals(state)) {
                outcome(render(prefix, (answer.isBlank() ? "" : answer + "\n\n") + "_Canceled"
                        + (canceledBy == null ? "" : " by " + canceledBy) + "._"), false);
            } else if ("failed".equals(state) || "rejected".equals(state)) {
                outcome(render(prefix, "⚠️ The agent's task " + state + (why == null || why.isBlank() ? "." : ": " + why)),
                        false);
            } else if ("input-required".equals(state) || "auth-required".equals(state)) {
                conversations.askedBy(thread, askedBy);
                outcome(render(prefix, (why == null || why.isBlank() ? "The agent needs more information." : why)
                        + "\n\n_Answer in the form below, or cancel with `/agent cancel` in this thread._"), false);
                form(outcome.get("inputRequest"));
            } else {
                outcome(render(prefix, answer.isBlank() ? "_(The agent finished without an answer.)_" : answer), true);
            }
        }

        /**
         * Writes the outcome: the first part into the progress message (a new message if that edit fails), further
         * parts as new messages in the thread. The last message goes through the reply route, with the feedback
         * variables on an answer.
         */
        private void outcome(String text, boolean answer) {
            // an agent that sends a book must not post dozens of messages into the space
            List<String> parts = MessageSplitter.split(MessageSplitter.capped(text, maxAnswerBytes),
                    MessageSplitter.WEBEX_MAX_BYTES);
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
                    e.setVariable(FEEDBACK_SOURCE, agentName);
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
        private void form(JsonNode request) {
            List<Map<String, Object>> fields = new ArrayList<>();
            if (request != null) {
                collectFields(request, fields);
            }
            if (fields.isEmpty()) {
                fields.add(field("answer", "Your answer", List.of()));
            }
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("agent", agentName);
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

    /** Plan and tool lines (the kamelet's {@code progress}), then {@code tail}. */
    private static String render(String prefix, String tail) {
        return prefix.isBlank() ? tail.strip() : (prefix.strip() + "\n\n" + tail).strip();
    }

    private static String text(JsonNode outcome, String field) {
        JsonNode value = outcome.path(field);
        return value.isTextual() ? value.asText() : null;
    }

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

    /** The card, as the kamelet describes it; a failure is told to the person. */
    private JsonNode card(Exchange exchange) {
        url(exchange);
        try {
            return agent("card", e -> { });
        } catch (A2aException e) {
            throw new CommandException(e.getMessage());
        }
    }

    /**
     * One operation of the a2a-agent-action kamelet (through {@code direct:a2a-agent} in
     * routes/gateway/a2a-agent.camel.yaml, where its settings are); its JSON answer. Its one-line failures are thrown
     * as they are.
     */
    private JsonNode agent(String operation, Consumer<Exchange> setup) {
        Exchange done = producer.send(AGENT, e -> {
            setup.accept(e);
            e.getIn().setHeader(A2aAgentAction.OPERATION, operation);
        });
        Exception failure = done.getException();
        if (failure == null) {
            // the gateway's error route configuration applies to the kamelet's route too and handles its one-line
            // failure there (a log line: this exchange has no space to answer); it is this caller's to tell the person
            failure = done.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        try {
            return mapper.readTree(done.getMessage().getBody(String.class));
        } catch (Exception e) {
            throw new IllegalStateException("The a2a-agent-action kamelet answered no JSON", e);
        }
    }

    /** The agent's URL (a2a.url, set by agent.camel.yaml), or the person is told that none is configured. */
    private static String url(Exchange exchange) {
        String url = exchange.getVariable("a2aUrl", "", String.class).strip();
        if (url.isEmpty()) {
            throw new CommandException("No agent is configured: set A2A_URL (a2a.url), and the A2A_AUTH_* settings if"
                    + " the agent needs a token.");
        }
        return url;
    }

    /** The thread a request belongs to: its parent, or itself (the agent's answer starts a thread on it). */
    private static String threadId(Exchange exchange) {
        String parent = exchange.getIn().getHeader(WebexConstants.PARENT_ID, String.class);
        return parent != null ? parent : exchange.getIn().getHeader(WebexConstants.MESSAGE_ID, String.class);
    }
}
