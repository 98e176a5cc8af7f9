package io.github.webexcamel.gateway.fakes;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.egit.github.core.Blob;
import org.eclipse.egit.github.core.Comment;
import org.eclipse.egit.github.core.CommitFile;
import org.eclipse.egit.github.core.Issue;
import org.eclipse.egit.github.core.PullRequest;
import org.eclipse.egit.github.core.Repository;
import org.eclipse.egit.github.core.RepositoryCommit;
import org.eclipse.egit.github.core.RepositoryTag;
import org.eclipse.egit.github.core.client.GitHubClient;
import org.eclipse.egit.github.core.client.PageIterator;
import org.eclipse.egit.github.core.client.RequestException;
import org.eclipse.egit.github.core.service.CommitService;
import org.eclipse.egit.github.core.service.DataService;
import org.eclipse.egit.github.core.service.IssueService;
import org.eclipse.egit.github.core.service.PullRequestService;
import org.eclipse.egit.github.core.service.RepositoryService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The fake against the client camel-github actually uses (Eclipse egit 2.1.5, which puts {@code /api/v3} in
 * front of every path for non-github.com hosts and authenticates with {@code token}), and against camel-github
 * itself with egit services bound under the names the component looks up.
 */
class FakeGitHubCamelGitHubTest {

    private FakeGitHub github;
    private FakeGitHub.Repo repo;
    private GitHubClient client;

    @BeforeEach
    void start() {
        github = new FakeGitHub().start();
        repo = github.addRepo("acme", "app");
        client = new GitHubClient("127.0.0.1", github.port(), "http");
        client.setOAuth2Token(FakeGitHub.DEFAULT_TOKEN);
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void egitClientTalksToTheEnterprisePrefix() throws Exception {
        Repository repository = new RepositoryService(client).getRepository("acme", "app");
        assertThat(repository.getName()).isEqualTo("app");
        assertThat(repository.getOwner().getLogin()).isEqualTo("acme");

        RecordedRequest first = github.requests().get(0);
        assertThat(first.path()).isEqualTo("/api/v3/repos/acme/app");
        assertThat(first.header("Authorization")).isEqualTo("token [redacted]");
        assertThat(first.header("Accept")).isEqualTo("application/vnd.github.beta+json");
        assertThat(client.getRemainingRequests()).isEqualTo(4999);

        IssueService issues = new IssueService(client);
        Issue created = issues.createIssue(repository, new Issue().setTitle("From egit").setBody("body"));
        assertThat(created.getNumber()).isEqualTo(1);
        assertThat(created.getHtmlUrl()).isEqualTo("https://github.com/acme/app/issues/1");
        assertThat(created.getCreatedAt()).isNotNull();
        Comment comment = issues.createComment(repository, 1, "hello");
        assertThat(comment.getBody()).isEqualTo("hello");
        assertThat(issues.getComments(repository, 1)).extracting(Comment::getBody).containsExactly("hello");

        assertThatThrownBy(() -> issues.createIssue(repository, new Issue().setTitle("")))
                .isInstanceOfSatisfying(RequestException.class, e -> {
                    assertThat(e.getStatus()).isEqualTo(422);
                    assertThat(e.getError().getErrors().get(0).getField()).isEqualTo("title");
                });
    }

    @Test
    void egitPagingFollowsLinkHeaders() throws Exception {
        for (int i = 0; i < 5; i++) {
            repo.addPullRequest("pr " + i, "branch-" + i, "main");
        }
        PullRequestService pulls = new PullRequestService(client);
        PageIterator<PullRequest> pages = pulls.pagePullRequests(repo::fullName, "open", 2);
        List<Integer> numbers = new ArrayList<>();
        int pageCount = 0;
        for (Collection<PullRequest> page : pages) {
            page.forEach(p -> numbers.add(p.getNumber()));
            pageCount++;
        }
        assertThat(pageCount).isEqualTo(3);
        assertThat(numbers).containsExactly(5, 4, 3, 2, 1);
        assertThat(github.requests("GET", "/api/v3/repositories/")).hasSize(2);

        assertThat(pulls.getPullRequests(repo::fullName, "open")).hasSize(5);
        assertThat(github.lastRequest().queryParam("per_page")).isEqualTo("100");
    }

    @Test
    void egitCommitsTagsStatusesFilesAndBlobs() throws Exception {
        String sha = repo.addCommit("main", "Second");
        repo.addTag("v1");
        CommitService commits = new CommitService(client);
        List<RepositoryCommit> history = commits.getCommits(repo::fullName, "main", null);
        assertThat(history).extracting(RepositoryCommit::getSha).first().isEqualTo(sha);
        assertThat(history.get(0).getCommit().getMessage()).isEqualTo("Second");
        assertThat(history.get(0).getCommit().getAuthor().getDate()).isNotNull();

        List<RepositoryTag> tags = new RepositoryService(client).getTags(repo::fullName);
        assertThat(tags).extracting(RepositoryTag::getName).containsExactly("v1");
        assertThat(tags.get(0).getCommit().getSha()).isEqualTo(sha);

        var status = commits.createStatus(repo::fullName, sha,
                new org.eclipse.egit.github.core.CommitStatus().setState("success").setTargetUrl("http://ci/1"));
        assertThat(status.getState()).isEqualTo("success");
        assertThat(repo.statuses()).hasSize(1);

        FakeGitHub.Issue pr = repo.addPullRequest("Files", "files", "main");
        String blobSha = pr.addFile("README.md", "hello\nworld");
        List<CommitFile> files = new PullRequestService(client).getFiles(repo::fullName, pr.number());
        assertThat(files).extracting(CommitFile::getFilename).containsExactly("README.md");
        Blob blob = new DataService(client).getBlob(repo::fullName, blobSha);
        assertThat(blob.getEncoding()).isEqualTo("base64");
        assertThat(new String(java.util.Base64.getMimeDecoder().decode(blob.getContent()))).isEqualTo("hello\nworld");

        PullRequest loaded = new PullRequestService(client).getPullRequest(repo::fullName, pr.number());
        loaded.setState("closed");
        new PullRequestService(client).editPullRequest(repo::fullName, loaded);
        assertThat(pr.state()).isEqualTo("closed");
    }

    @Test
    void camelGitHubProducersAndConsumersRunAgainstTheFake() throws Exception {
        FakeGitHub.Issue existingPr = repo.addPullRequest("Existing", "existing", "main");
        repo.addTag("v0.1");
        List<Object> commitBodies = new CopyOnWriteArrayList<>();
        List<Object> pullRequests = new CopyOnWriteArrayList<>();
        List<Object> newTags = new CopyOnWriteArrayList<>();
        String opts = "repoOwner=acme&repoName=app&oauthToken=" + FakeGitHub.DEFAULT_TOKEN;

        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("githubRepositoryService", new RepositoryService(client));
            camel.getRegistry().bind("githbIssueService", new IssueService(client));
            camel.getRegistry().bind("githubPullRequestService", new PullRequestService(client));
            camel.getRegistry().bind("githubCommitService", new CommitService(client));
            camel.getRegistry().bind("githubDataService", new DataService(client));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:issue").to("github:createIssue?" + opts);
                    from("direct:comment").to("github:pullRequestComment?" + opts);
                    from("github:commit/main?delay=50&" + opts).process(e -> commitBodies.add(e.getMessage().getBody()));
                    from("github:pullRequest?delay=50&" + opts).process(e -> pullRequests.add(e.getMessage().getBody()));
                    from("github:tag?delay=50&" + opts).process(e -> newTags.add(e.getMessage().getBody()));
                }
            });
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();

            producer.sendBodyAndHeader("direct:issue", "Created by camel-github", "GitHubIssueTitle", "Camel issue");
            FakeGitHub.Issue created = repo.issues().stream().filter(i -> i.title().equals("Camel issue")).findFirst().orElseThrow();
            assertThat(created.body()).isEqualTo("Created by camel-github");

            producer.sendBodyAndHeader("direct:comment", "LGTM from Camel", "GitHubPullRequest", existingPr.number());
            assertThat(existingPr.comments()).containsExactly("LGTM from Camel");

            repo.addCommit("main", "Polled commit");
            FakeGitHub.Issue newPr = repo.addPullRequest("New PR", "new", "main");
            repo.addTag("v0.2");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(commitBodies).containsExactly("Polled commit");
                assertThat(pullRequests).hasSize(1);
                assertThat(((PullRequest) pullRequests.get(0)).getNumber()).isEqualTo(newPr.number());
                assertThat(newTags).hasSize(1);
                assertThat(((RepositoryTag) newTags.get(0)).getName()).isEqualTo("v0.2");
            });
        }
        assertThat(github.requests()).allSatisfy(r -> assertThat(r.path()).startsWith("/api/v3/"));
    }
}
