package io.github.webexcamel.gateway.command;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.camel.Category;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.component.direct.DirectEndpoint;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;

/**
 * A bot command: the keyword is the path; how it is matched and who may run it are options, so a command file
 * shows its own rules where a user copies it from. Configuration ({@code webex.commands.*}) overrides them.
 */
@UriEndpoint(firstVersion = "1.0.0", scheme = "command", title = "Bot command", syntax = "command:keyword",
             category = { Category.CORE })
public class CommandEndpoint extends DirectEndpoint {

    static final Pattern KEYWORD = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    private final String keyword;
    @UriParam(enums = "exact,prefix", defaultValue = "exact",
              description = "exact: the first word must be /keyword; prefix: any first word starting with /keyword")
    private String match = "exact";
    @UriParam(description = "Roles (comma-separated, any of them) whose members may run the command; empty: every approved user."
            + " Per sub-command as roles.<sub>")
    private String roles = "";
    @UriParam(description = "Role whose member must approve each run (four eyes); empty: none. Per sub-command as approvers.<sub>")
    private String approvers = "";
    @UriParam(description = "Globs of what the command may touch (Jenkins jobs, owner/repo, Jira projects), matched against"
            + " the target; empty: anything. Per sub-command as scope.<sub>")
    private String scope = "";
    @UriParam(description = "Regular expression over the arguments whose first group is what the command touches (for scope)."
            + " It sees the positional arguments as parsed (key=value options left out), separated by one space")
    private String target = "";
    @UriParam(description = "For a card submit: the input that names what the command touches (for scope), e.g. project")
    private String targetInput = "";
    @UriParam(description = "Sub-commands (comma-separated first words) that have their own roles, approvers or scope and"
            + " are named in the audit log")
    private String subcommands = "";
    /** roles.sub, approvers.sub and scope.sub, as written. */
    private Map<String, String> perSubCommand = Map.of();

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

    public String getRoles() {
        return roles;
    }

    public void setRoles(String roles) {
        this.roles = roles == null ? "" : roles;
    }

    public String getApprovers() {
        return approvers;
    }

    public void setApprovers(String approvers) {
        this.approvers = approvers == null ? "" : approvers.strip();
    }

    public String getScope() {
        return scope;
    }

    public void setScope(String scope) {
        this.scope = scope == null ? "" : scope;
    }

    public String getTargetInput() {
        return targetInput;
    }

    public void setTargetInput(String targetInput) {
        this.targetInput = targetInput == null ? "" : targetInput.strip();
    }

    public String getTarget() {
        return target;
    }

    public void setTarget(String target) {
        Pattern.compile(target); // fails the route at start-up, naming the file, rather than the first run
        this.target = target;
    }

    public String getSubcommands() {
        return subcommands;
    }

    public void setSubcommands(String subcommands) {
        this.subcommands = subcommands == null ? "" : subcommands;
    }

    public List<String> subcommandList() {
        return Arrays.stream(subcommands.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .toList();
    }

    public Map<String, String> getPerSubCommand() {
        return perSubCommand;
    }

    void setPerSubCommand(Map<String, String> perSubCommand) {
        this.perSubCommand = Map.copyOf(perSubCommand);
    }
}
