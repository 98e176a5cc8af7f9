package io.github.webexcamel.admin;

import java.util.List;

import io.github.webexcamel.gateway.feedback.Feedback;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Feedback on answers, for the operators (management port, admins only, as the rest of this package). */
@RestController
public class FeedbackApi {

    private final Feedback feedback;

    public FeedbackApi(Feedback feedback) {
        this.feedback = feedback;
    }

    /** Newest first, {@code limit} rows (at most 1000) from {@code offset}; {@code source} picks one model or agent. */
    @GetMapping("/api/feedback")
    public List<Feedback.Vote> feedback(@RequestParam(required = false) String source,
                                        @RequestParam(defaultValue = "100") int limit,
                                        @RequestParam(defaultValue = "0") int offset) {
        if (limit < 1 || limit > 1000 || offset < 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be between 1 and 1000, offset 0 or more");
        }
        return feedback.find(source, limit, offset);
    }
}
