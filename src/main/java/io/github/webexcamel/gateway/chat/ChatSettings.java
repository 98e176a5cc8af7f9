package io.github.webexcamel.gateway.chat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.webexcamel.gateway.command.CommandException;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;

/**
 * The {@code /chat} settings of each space (model, temperature, system prompt), used by the LLM commands.
 * Kept in memory: settings are cheap to set again, and a space without any uses the configured defaults.
 */
public class ChatSettings {

    private final Map<String, Map<String, Object>> bySpace = new ConcurrentHashMap<>();
    private final Map<String, Object> defaults;

    public ChatSettings(String model, double temperature, String systemPrompt) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", model);
        d.put("temperature", temperature);
        d.put("systemPrompt", systemPrompt);
        this.defaults = Map.copyOf(d);
    }

    /** The settings of the exchange's space, as card template data. */
    public Map<String, Object> current(Exchange exchange) {
        String room = exchange.getIn().getHeader(WebexConstants.ROOM_ID, String.class);
        return bySpace.getOrDefault(room, defaults);
    }

    /** Stores the submitted card inputs after checking them; returns the stored settings. */
    public Map<String, Object> save(Exchange exchange) {
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
                if (t < 0 || t > 2) {
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
        bySpace.put(room, Map.copyOf(settings));
        return settings;
    }
}
