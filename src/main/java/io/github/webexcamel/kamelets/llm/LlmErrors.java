package io.github.webexcamel.kamelets.llm;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.kamelets.RetryAfter;

/** One clear line for the user for each way an OpenAI-compatible backend can fail (details go to the log). */
final class LlmErrors {

    private LlmErrors() {
    }

    static String forStatus(int status, String retryAfter, String body, String model, ObjectMapper mapper) {
        return switch (status) {
            case 401, 403 -> "The LLM backend refused the gateway's credentials (HTTP " + status + "): check the API key.";
            case 404 -> "The LLM backend does not know model `" + model.replace("`", "'") + "` (or the base URL is wrong).";
            case 408 -> "The LLM backend timed out; try again in a moment.";
            case 429 -> "The LLM backend is rate limited; try again in "
                    + RetryAfter.parse(retryAfter, Duration.ofSeconds(30), Duration.ofHours(1)).toSeconds() + " seconds.";
            default -> status >= 500
                    ? "The LLM backend is failing (HTTP " + status + "); try again later."
                    : "The LLM backend rejected the request (HTTP " + status + "): " + message(body, mapper);
        };
    }

    /** The error message of any of the servers' error shapes, shortened. */
    static String message(String body, ObjectMapper mapper) {
        String message = body == null ? "" : body.strip();
        try {
            JsonNode json = mapper.readTree(message);
            JsonNode error = json.path("error");
            if (error.isTextual()) {
                message = error.asText();
            } else if (error.path("message").isTextual()) {
                message = error.path("message").asText();
            } else if (json.path("message").isTextual()) {
                message = json.path("message").asText();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not JSON: keep the text
        }
        message = message.replaceAll("\\s+", " ");
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }
}
