package io.github.webexcamel.gateway.reply;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.github.webexcamel.gateway.command.CommandException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adaptive Card templates from {@code routes/cards/*.json}, filled in with a subset of the Adaptive Cards
 * Templating language ({@code ${path}}, {@code $data} to repeat, {@code $when} to include). Values are
 * placed into the parsed JSON tree, never pasted into JSON text, so user input cannot break a card.
 * Templates are checked against the Webex 1.3 schema when they are loaded.
 */
public class CardTemplates {

    public static final String SCHEMA = "webex/adaptive-card-1.3.schema.json";
    /**
     * Webex documents no size limit for a card (only 7439 bytes for text), and rejects large ones; 16 KiB is
     * a cautious default that {@code webex.card-max-bytes} can change.
     */
    public static final int DEFAULT_MAX_BYTES = 16 * 1024;
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]*)}");

    private final ObjectMapper mapper;
    private static final Logger LOG = LoggerFactory.getLogger(CardTemplates.class);

    // read by every card reply while refresh() may replace an entry
    private final Map<String, JsonNode> templates = new ConcurrentHashMap<>();
    private final Map<String, Long> modified = new ConcurrentHashMap<>();
    private final Path directory;
    private final JsonSchema schema;
    private final int maxBytes;

    public CardTemplates(ObjectMapper mapper, Path directory) throws IOException {
        this(mapper, directory, DEFAULT_MAX_BYTES);
    }

    /** Loads and checks every template: a card Webex would refuse stops the start-up, not a reply later. */
    public CardTemplates(ObjectMapper mapper, Path directory, int maxBytes) throws IOException {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
        this.directory = directory;
        try (InputStream in = CardTemplates.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
        for (Path file : files()) {
            templates.put(name(file), load(file));
            modified.put(name(file), Files.getLastModifiedTime(file).toMillis());
        }
    }

    /**
     * Takes up templates added, changed or removed since the last look (a timer calls it, as command files are
     * reloaded): a changed one that does not load is refused with a WARN and the previous version stays in use.
     */
    public synchronized void refresh() throws IOException {
        Set<String> present = new HashSet<>();
        for (Path file : files()) {
            String name = name(file);
            present.add(name);
            long time = Files.getLastModifiedTime(file).toMillis();
            Long known = modified.get(name);
            if (known != null && known == time) {
                continue;
            }
            modified.put(name, time);
            try {
                templates.put(name, load(file));
                LOG.info("Card template {} {}", file, known == null ? "added" : "reloaded");
            } catch (IllegalStateException e) {
                LOG.warn("{}; {}", e.getMessage(), templates.containsKey(name) ? "the previous version stays in use" : "it is not used");
            }
        }
        for (String name : List.copyOf(templates.keySet())) {
            if (!present.contains(name)) {
                templates.remove(name);
                modified.remove(name);
                LOG.info("Card template {} was removed", directory.resolve(name + ".json"));
            }
        }
    }

    private List<Path> files() throws IOException {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
                files.forEach(found::add);
            }
        }
        return found;
    }

    private static String name(Path file) {
        return file.getFileName().toString().replaceFirst("\\.json$", "");
    }

    private JsonNode load(Path file) throws IOException {
        JsonNode template;
        try {
            template = mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("Card template " + file + " is not valid JSON: " + e.getMessage());
        }
        List<String> errors = validate(template);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("Card template " + file + " is not an Adaptive Card 1.3 that Webex renders: "
                    + String.join("; ", errors));
        }
        int size = mapper.writeValueAsBytes(template).length;
        if (size > maxBytes) {
            throw new IllegalStateException("Card template " + file + " is " + size + " bytes, over the "
                    + maxBytes + "-byte limit for cards (webex.card-max-bytes): split it or trim it");
        }
        return template;
    }

    private int size(JsonNode card) {
        try {
            return mapper.writeValueAsBytes(card).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("A card that cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    public Set<String> names() {
        return templates.keySet();
    }

    public List<String> validate(JsonNode card) {
        List<String> errors = new ArrayList<>();
        for (ValidationMessage message : schema.validate(card)) {
            errors.add(message.getMessage());
        }
        return errors;
    }

    /** Fills template {@code name} with {@code data} (any Jackson-convertible object). */
    public JsonNode render(String name, Object data) {
        JsonNode template = templates.get(name);
        if (template == null) {
            throw new IllegalArgumentException("No card template '" + name + "' (known: " + templates.keySet() + ")");
        }
        JsonNode root = data == null ? JsonNodeFactory.instance.objectNode() : mapper.valueToTree(data);
        JsonNode card = expand(template, root, root, 0, new Budget(true));
        dropUnsafeLinks(card);
        int size = size(card);
        if (size > maxBytes) {
            // the template fitted; what was filled in (a long list, a huge value) did not: the user is told
            throw new CommandException("That answer is too large for one Webex card (" + size + " bytes, over the "
                    + maxBytes + "-byte limit). Narrow the request down and ask again.");
        }
        return card;
    }

    /**
     * What the card grows to while it is filled in, at least (text and structure): a template that repeats a block
     * per item of a list from a caller (a hook's 100,000 alerts) is stopped when the card is already over the limit,
     * instead of building it all first and measuring it then.
     */
    private final class Budget {
        private final boolean limited;
        private long spent;

        /** @param limited false for what is evaluated but not shown ({@code $data} bindings, {@code $when}) */
        Budget(boolean limited) {
            this.limited = limited;
        }

        JsonNode spend(JsonNode node) {
            if (!limited) {
                return node;
            }
            spent += estimate(node);
            if (spent > maxBytes) {
                throw new CommandException("That answer is too large for one Webex card (over the " + maxBytes
                        + "-byte limit). Narrow the request down and ask again.");
            }
            return node;
        }

    }

    /**
     * An {@code Action.OpenUrl} whose address came filled in from a caller, a backend or a model and is not http(s)
     * ({@code javascript:}, {@code file:}, a custom scheme) is left out of the card, as a button or as a select action.
     */
    private static void dropUnsafeLinks(JsonNode node) {
        if (node.isArray()) {
            Iterator<JsonNode> items = node.iterator();
            while (items.hasNext()) {
                JsonNode item = items.next();
                if (unsafeLink(item)) {
                    items.remove();
                } else {
                    dropUnsafeLinks(item);
                }
            }
        } else if (node.isObject()) {
            if (unsafeLink(node.get("selectAction"))) {
                ((ObjectNode) node).remove("selectAction");
            }
            node.forEach(CardTemplates::dropUnsafeLinks);
        }
    }

    private static boolean unsafeLink(JsonNode node) {
        if (node == null || !node.isObject() || !"Action.OpenUrl".equals(node.path("type").asText())) {
            return false;
        }
        String url = node.path("url").asText("").strip().toLowerCase(java.util.Locale.ROOT);
        return !(url.startsWith("https://") || url.startsWith("http://"));
    }

    /** No more than the bytes of the node as JSON (field names and escapes are not counted). */
    private static long estimate(JsonNode node) {
        if (node.isTextual()) {
            return node.asText().length() + 2L;
        }
        if (node.isContainerNode()) {
            long sum = 2;
            for (JsonNode child : node) {
                sum += estimate(child);
            }
            return sum;
        }
        return 1;
    }

    private JsonNode expand(JsonNode node, JsonNode scope, JsonNode root, int index, Budget budget) {
        if (node.isTextual()) {
            return budget.spend(substitute(node.asText(), scope, root, index));
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : node) {
                if (item.isObject() && item.has("$data")) {
                    JsonNode bound = expand(item.get("$data"), scope, root, index, new Budget(false));
                    Iterable<JsonNode> scopes = bound.isArray() ? bound : List.of(bound);
                    int i = 0;
                    for (JsonNode s : scopes) {
                        JsonNode expanded = expandObject((ObjectNode) item, s, root, i++, budget);
                        if (expanded != null) {
                            out.add(expanded);
                        }
                    }
                } else if (item.isObject()) {
                    JsonNode expanded = expandObject((ObjectNode) item, scope, root, index, budget);
                    if (expanded != null) {
                        out.add(expanded);
                    }
                } else {
                    out.add(expand(item, scope, root, index, budget));
                }
            }
            return out;
        }
        if (node.isObject()) {
            JsonNode expanded = expandObject((ObjectNode) node, scope, root, index, budget);
            return expanded == null ? JsonNodeFactory.instance.objectNode() : expanded;
        }
        return node;
    }

    private JsonNode expandObject(ObjectNode object, JsonNode scope, JsonNode root, int index, Budget budget) {
        if (object.has("$when") && !truthy(expand(object.get("$when"), scope, root, index, new Budget(false)))) {
            return null;
        }
        budget.spend(TextNode.valueOf(""));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals("$when") && !field.getKey().equals("$data")) {
                out.set(field.getKey(), expand(field.getValue(), scope, root, index, budget));
            }
        }
        return out;
    }

    private JsonNode substitute(String text, JsonNode scope, JsonNode root, int index) {
        Matcher whole = EXPRESSION.matcher(text);
        if (whole.matches()) {
            JsonNode value = lookup(whole.group(1).trim(), scope, root, index);
            return value.isMissingNode() || value.isNull() ? TextNode.valueOf("") : value;
        }
        Matcher m = EXPRESSION.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            JsonNode value = lookup(m.group(1).trim(), scope, root, index);
            String s = value.isMissingNode() || value.isNull() ? "" : value.isValueNode() ? value.asText() : value.toString();
            m.appendReplacement(sb, Matcher.quoteReplacement(s));
        }
        m.appendTail(sb);
        return TextNode.valueOf(sb.toString());
    }

    private static JsonNode lookup(String path, JsonNode scope, JsonNode root, int index) {
        if (path.equals("$index")) {
            return JsonNodeFactory.instance.numberNode(index);
        }
        JsonNode start = scope;
        String rest = path;
        if (path.equals("$root") || path.startsWith("$root.")) {
            start = root;
            rest = path.substring(5);
        } else if (path.equals("$data") || path.startsWith("$data.")) {
            rest = path.substring(5);
        }
        JsonNode value = walk(start, rest);
        return value.isMissingNode() && start != root ? walk(root, rest) : value;
    }

    private static JsonNode walk(JsonNode start, String path) {
        JsonNode current = start;
        for (String part : path.split("\\.")) {
            if (part.isEmpty()) {
                continue;
            }
            current = current.isArray() && part.matches("\\d+") ? current.path(Integer.parseInt(part)) : current.path(part);
            if (current.isMissingNode()) {
                return MissingNode.getInstance();
            }
        }
        return current;
    }

    private static boolean truthy(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isTextual()) {
            return !value.asText().isEmpty() && !"false".equals(value.asText());
        }
        if (value.isContainerNode()) {
            return value.size() > 0;
        }
        return value.asDouble() != 0;
    }

    /** Names of all templates, for the lint test. */
    public Collection<JsonNode> all() {
        return templates.values();
    }
}
