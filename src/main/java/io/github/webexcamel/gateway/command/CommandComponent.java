package io.github.webexcamel.gateway.command;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.spi.annotations.Component;

/**
 * {@code command:<keyword>[?match=prefix&roles=…&approvers=…]}: a direct endpoint that also declares a bot command.
 * A route consuming from it is a command; the dispatcher sends to it only keywords the registry knows.
 */
@Component("command")
public class CommandComponent extends DirectComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!CommandEndpoint.KEYWORD.matcher(remaining).matches()) {
            throw new IllegalArgumentException("Invalid command keyword '" + remaining
                    + "': use lower-case letters, digits, '-' or '_', without the leading slash");
        }
        CommandEndpoint endpoint = new CommandEndpoint(uri, this, remaining);
        endpoint.setBlock(isBlock());
        endpoint.setTimeout(getTimeout());
        // roles.run=release, approvers.run=sre, scope.run=acme/*: the rules of one sub-command
        Map<String, String> perSub = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, Object>> it = parameters.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Object> p = it.next();
            String name = p.getKey();
            int dot = name.indexOf('.');
            if (dot > 0 && (name.startsWith("roles.") || name.startsWith("approvers.") || name.startsWith("scope."))) {
                perSub.put(name, p.getValue() == null ? "" : p.getValue().toString());
                it.remove();
            }
        }
        endpoint.setPerSubCommand(perSub);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
