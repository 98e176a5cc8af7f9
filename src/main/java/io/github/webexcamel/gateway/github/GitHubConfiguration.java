package io.github.webexcamel.gateway.github;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.state.StateValues;
import org.eclipse.egit.github.core.client.GitHubClient;
import org.eclipse.egit.github.core.service.CommitService;
import org.eclipse.egit.github.core.service.DataService;
import org.eclipse.egit.github.core.service.IssueService;
import org.eclipse.egit.github.core.service.PullRequestService;
import org.eclipse.egit.github.core.service.RepositoryService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * GitHub: the egit services camel-github looks up in the registry (so {@code github:} endpoints talk to
 * {@code github.api-url} — GitHub Enterprise, or a test fake — with {@code github.token}), the beans of
 * {@code routes/kamelets/github-action.kamelet.yaml} and {@code routes/gateway/github-notify.camel.yaml}, and the
 * derived notification properties
 * ({@code github.notify.owner}, {@code github.notify.name}, {@code github.notify.enabled}) split from
 * {@code github.notify.repo}.
 */
@Configuration(proxyBeanMethods = false)
public class GitHubConfiguration {

    public GitHubConfiguration(ConfigurableEnvironment environment) {
        String repo = environment.getProperty("github.notify.repo", "").strip();
        String room = environment.getProperty("github.notify.room-id", "").strip();
        Map<String, Object> derived = new HashMap<>();
        boolean valid = GitHubRequests.REPO.matcher(repo).matches();
        derived.put("github.notify.owner", valid ? repo.substring(0, repo.indexOf('/')) : "");
        derived.put("github.notify.name", valid ? repo.substring(repo.indexOf('/') + 1) : "");
        derived.put("github.notify.enabled", Boolean.toString(valid && !room.isEmpty()
                && !environment.getProperty("github.token", "").isBlank()));
        environment.getPropertySources().addLast(new MapPropertySource("githubNotifyDerived", derived));
    }

    @Bean
    GitHubClient gitHubClient(@Value("${github.api-url:https://api.github.com}") String apiUrl,
            @Value("${github.token:}") String token, @Value("${github.connect-timeout:5s}") String connectTimeout,
            @Value("${github.read-timeout:30s}") String readTimeout) {
        GitHubClient client = new GitHubApiClient(URI.create(apiUrl.strip()),
                (int) DurationStyle.detectAndParse(connectTimeout.strip()).toMillis(),
                (int) DurationStyle.detectAndParse(readTimeout.strip()).toMillis());
        if (!token.isBlank()) {
            client.setOAuth2Token(token.strip());
        }
        return client;
    }

    // the names camel-github 4.x looks up (GitHubConstants; "githbIssueService" is spelled so upstream)
    @Bean("githubRepositoryService")
    RepositoryService githubRepositoryService(GitHubClient client) {
        return new RepositoryService(client);
    }

    @Bean("githbIssueService")
    IssueService githubIssueService(GitHubClient client) {
        return new IssueService(client);
    }

    @Bean("githubPullRequestService")
    PullRequestService githubPullRequestService(GitHubClient client) {
        return new PullRequestService(client);
    }

    @Bean("githubCommitService")
    CommitService githubCommitService(GitHubClient client) {
        return new CommitService(client);
    }

    @Bean("githubDataService")
    DataService githubDataService(GitHubClient client) {
        return new DataService(client);
    }

    @Bean("githubRequests")
    GitHubRequests githubRequests(@Value("${github.token:}") String token) {
        return new GitHubRequests(!token.isBlank());
    }

    @Bean("githubPoller")
    GitHubPoller githubPoller(PullRequestService githubPullRequestService, CommitService githubCommitService,
            RepositoryService githubRepositoryService, StateValues stateValues, ConfigurableEnvironment environment) {
        return new GitHubPoller(githubPullRequestService, githubCommitService, githubRepositoryService, stateValues,
                environment.getProperty("github.notify.repo", "").strip(),
                environment.getProperty("github.notify.branch", "main").strip());
    }

    @Bean("githubNotifications")
    GitHubNotifications githubNotifications() {
        return new GitHubNotifications();
    }

    @Bean("githubResults")
    GitHubResults githubResults(ObjectMapper mapper, @Value("${github.api-url:https://api.github.com}") String apiUrl) {
        return new GitHubResults(mapper, apiUrl.strip());
    }
}
