package io.github.webexcamel.gateway.chat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.command.CommandException;
import io.github.webexcamel.gateway.governance.Roles;
import io.github.webexcamel.gateway.state.Upsert;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code /chat} settings of each space (model, temperature, system prompt), used by the LLM commands, kept in
 * the state store. In a group space only members of the configured role may change them (anyone in a 1:1 space).
 */
public class ChatSettings {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Map<String, Object> defaults;
    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final Roles roles;
    private final String role;

    public ChatSettings(String model, double temperature, String systemPrompt, JdbcTemplate jdbc, ObjectMapper mapper,
                        Roles roles, String role) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", model);
        d.put("temperature", temperature);
        d.put("systemPrompt", systemPrompt);
        this.defaults = Map.copyOf(d);
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.roles = roles;
        this.role = role;
    }

    /** The settings of the exchange's space, as card template data. */
    public Map<String, Object> current(Exchange exchange) {
        String room = exchange.getIn().getHeader(WebexConstants.ROOM_ID, String.class);
        List<String> rows = jdbc.queryForList("SELECT settings FROM chat_settings WHERE room_id = ?", String.class, room);
        if (rows.isEmpty()) {
            return defaults;
        }
        try {
            Map<String, Object> stored = new LinkedHashMap<>(defaults);
            stored.putAll(mapper.readValue(rows.get(0), MAP));
            return stored;
        } catch (Exception e) {
            return defaults;
        }
    }

    /** Stores the submitted card inputs after checking them; returns the stored settings. */
    public Map<String, Object> save(Exchange exchange) throws Exception {
        Object type = exchange.getIn().getHeader(WebexConstants.ROOM_TYPE);
        // an unknown type (a card whose message could not be read) counts as a group space: closed
        if ((type == null || "group".equals(type))
                && !roles.has(role, exchange.getIn().getHeader(WebexConstants.PERSON_EMAIL, "", String.class))) {
            throw new CommandException("You need the role " + role + " to change the chat settings of a group space.");
        }
        Map<?, ?> inputs = exchange.getVariable(WebexConstants.VAR_INPUTS, Map.class);
        Map<String, Object> settings = new LinkedHashMap<>(current(exchange));
        if (inputs != null) {
            Object model = inputs.get("model");
            if (model != null && !model.toString().isBlank()) {
                String m = model.toString().strip();
                if (!m.matches("[A-Za-z0-9._:/@-]{1,100}")) {
                    throw new CommandException("That model name is not valid.");
                }
                settings.put("model", m);
            }
            Object temperature = inputs.get("temperature");
            if (temperature != null && !temperature.toString().isBlank()) {
                double t;
                try {
                    t = Double.parseDouble(temperature.toString().strip());
                } catch (NumberFormatException e) {
                    throw new CommandException("Temperature must be a number between 0 and 2.");
                }
                // NaN and Infinity parse, and NaN passes every comparison
                if (!Double.isFinite(t) || t < 0 || t > 2) {
                    throw new CommandException("Temperature must be a number between 0 and 2.");
                }
                settings.put("temperature", t);
            }
            Object prompt = inputs.get("systemPrompt");
            if (prompt != null) {
                String p = prompt.toString();
                if (p.length() > 4000) {
                    throw new CommandException("The system prompt is limited to 4000 characters.");
                }
                settings.put("systemPrompt", p);
            }
        }
        String room = exchange.getIn().getHeader(WebexConstants.ROOM_ID, String.class);
        String json = mapper.writeValueAsString(settings);
        long now = System.currentTimeMillis();
        Upsert.run(jdbc, "UPDATE chat_settings SET settings = ?, updated_at = ? WHERE room_id = ?",
                new Object[] { json, now, room },
                "INSERT INTO chat_settings (room_id, settings, updated_at) VALUES (?, ?, ?)", new Object[] { room, json, now });
        return settings;
    }
}
