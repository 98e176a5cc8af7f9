package io.github.webexcamel.gateway.hooks;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Notifications in ({@code webex.hooks.*}): tools POST to {@code /hooks/<name>?roomId=…} on the application port and
 * a route under {@code routes/notifications/} posts into that space.
 *
 * @param token          the bearer token every hook but GitHub's asks for ({@code WEBEX_HOOKS_TOKEN}); empty: those
 *                       hooks refuse every request
 * @param maxBodyBytes   a larger request body is answered 413 before anything reads it
 * @param ratePerMinute  requests each hook (each route) accepts per minute, beyond which it answers 429 (0: no limit)
 * @param roomCacheTtl   how long the answer "the bot is (not) in this space" is reused
 * @param queueSize      notifications accepted and not yet posted, beyond which a hook answers 503
 * @param rooms          the spaces hooks may post into ({@code WEBEX_HOOKS_ROOMS}, room ids); empty: any space the bot
 *                       is in. Whoever holds the hooks' token, or can edit a GitHub webhook's URL, chooses the
 *                       {@code roomId}: this is how an operator keeps them to the spaces meant for notifications
 */
@ConfigurationProperties("webex.hooks")
public record HooksProperties(String token,
                              @DefaultValue("1048576") int maxBodyBytes,
                              @DefaultValue("120") int ratePerMinute,
                              @DefaultValue("30s") Duration roomCacheTtl,
                              @DefaultValue("1000") int queueSize,
                              List<String> rooms) {

    public boolean hasToken() {
        return token != null && !token.isBlank();
    }

    /** Whether a hook may post into this space (the bot must be in it too). */
    public boolean roomAllowed(String room) {
        return rooms == null || rooms.stream().allMatch(String::isBlank)
                || rooms.stream().anyMatch(allowed -> allowed.strip().equals(room));
    }
}
