package io.github.webexcamel.gateway.hooks;

import java.io.IOException;
import java.util.function.Supplier;

import io.github.webexcamel.gateway.web.BodyLimit;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The hooks' body limit: a path that names no hook is answered 404 unread, a refusal is counted per hook. */
class HookBodyLimit extends BodyLimit {

    /** Looked up per request: a filter is made while the web server starts, before Camel and its beans exist. */
    private final Supplier<WebexHooks> hooks;

    HookBodyLimit(int maxBytes, Supplier<WebexHooks> hooks) {
        super("hook", maxBytes);
        this.hooks = hooks;
    }

    @Override
    protected boolean admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!hooks.get().isHook(hookName(request.getRequestURI()))) {
            // also the path of a notification file removed while running, which platform-http leaves mapped
            answer(response, 404, "{\"error\":\"No hook at this path\"}");
            return false;
        }
        return true;
    }

    @Override
    protected void refused(HttpServletRequest request) {
        hooks.get().refused(hookName(request.getRequestURI()), "too-large");
    }

    static String hookName(String uri) {
        String name = uri == null ? "" : uri.replaceFirst("^/hooks/", "").replaceFirst("/$", "");
        return name.matches("[A-Za-z0-9_-]{1,64}") ? name : "other";
    }
}
