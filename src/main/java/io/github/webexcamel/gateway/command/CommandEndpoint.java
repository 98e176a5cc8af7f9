package io.github.webexcamel.gateway.command;

import java.util.regex.Pattern;

import org.apache.camel.Category;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.component.direct.DirectEndpoint;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;

/** A bot command: the keyword is the path; how it is matched is an option. */
@UriEndpoint(firstVersion = "1.0.0", scheme = "command", title = "Bot command", syntax = "command:keyword",
             category = { Category.CORE })
public class CommandEndpoint extends DirectEndpoint {

    static final Pattern KEYWORD = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    private final String keyword;
    @UriParam(enums = "exact,prefix", defaultValue = "exact",
              description = "exact: the first word must be /keyword; prefix: any first word starting with /keyword")
    private String match = "exact";

    CommandEndpoint(String uri, DirectComponent component, String keyword) {
        super(uri, component);
        this.keyword = keyword;
    }

    public String getKeyword() {
        return keyword;
    }

    public String getMatch() {
        return match;
    }

    public void setMatch(String match) {
        if (!"exact".equals(match) && !"prefix".equals(match)) {
            throw new IllegalArgumentException("command match must be exact or prefix, not '" + match + "'");
        }
        this.match = match;
    }
}
