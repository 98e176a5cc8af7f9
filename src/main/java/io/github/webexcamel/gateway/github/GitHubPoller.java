package io.github.webexcamel.gateway.github;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.github.webexcamel.gateway.state.StateValues;
import org.eclipse.egit.github.core.PullRequest;
import org.eclipse.egit.github.core.RepositoryCommit;
import org.eclipse.egit.github.core.RepositoryId;
import org.eclipse.egit.github.core.RepositoryTag;
import org.eclipse.egit.github.core.client.PageIterator;
import org.eclipse.egit.github.core.service.CommitService;
import org.eclipse.egit.github.core.service.PullRequestService;
import org.eclipse.egit.github.core.service.RepositoryService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is new in {@code github.notify.repo} since the last notification, for the leader-only timer routes of
 * {@code routes/gateway/github-notify.camel.yaml}. The positions — the highest pull request number, the last
 * commit of the branch, the tags seen — live in the state store, not in this object: whichever replica leads
 * next, or the same one after a restart, goes on from the last thing posted, so nothing that happened while no
 * gateway was polling is lost and nothing is posted twice. A position moves only after its item was posted
 * ({@link #advance}); a poll that finds no position yet records the present and posts nothing, so the first
 * start does not flood the space with the repository's history.
 */
public class GitHubPoller {

    private static final Logger LOG = LoggerFactory.getLogger(GitHubPoller.class);
    // bounds what one poll may read and post; what is beyond is taken by the next poll
    static final int PAGE_SIZE = 100;
    static final int MAX_PAGES = 5;
    static final int MAX_POSTS_PER_POLL = 20;
    // tag names are kept as short hashes, so that thousands of tags fit one state value
    static final int MAX_TAGS_KEPT = 1500;

    private final PullRequestService pulls;
    private final CommitService commits;
    private final RepositoryService repositories;
    private final StateValues state;
    private final RepositoryId repo;
    private final String branch;

    public GitHubPoller(PullRequestService pulls, CommitService commits, RepositoryService repositories, StateValues state,
                        String repo, String branch) {
        this.pulls = pulls;
        this.commits = commits;
        this.repositories = repositories;
        this.state = state;
        // not configured: the routes' filter keeps this poller from being called
        this.repo = RepositoryId.createFromId(GitHubRequests.REPO.matcher(repo).matches() ? repo : "unset/unset");
        this.branch = branch;
    }

    /** New open pull requests (numbers above the position), oldest first. */
    public List<PullRequest> pullRequests() throws IOException {
        String name = positionName("pulls");
        Optional<String> position = state.get(name).filter(v -> v.matches("\\d{1,18}"));
        long last = position.map(Long::parseLong).orElse(-1L);
        List<PullRequest> fresh = new ArrayList<>();
        int newest = 0;
        // GitHub lists open pull requests newest first: read until one at or below the position shows up
        PageIterator<PullRequest> pages = pulls.pagePullRequests(repo, "open", PAGE_SIZE);
        scan:
        for (int page = 0; page < MAX_PAGES && pages.hasNext(); page++) {
            for (PullRequest pr : pages.next()) {
                newest = Math.max(newest, pr.getNumber());
                if (pr.getNumber() <= last) {
                    break scan;
                }
                fresh.add(pr);
            }
            if (position.isEmpty()) {
                break;
            }
        }
        if (position.isEmpty()) {
            // none yet, or one that is not a number (edited by hand): the present becomes the position
            state.put(name, Integer.toString(newest));
            LOG.info("GitHub notifications of {}: new pull requests are those after #{}", repo.generateId(), newest);
            return List.of();
        }
        fresh.sort(Comparator.comparingInt(PullRequest::getNumber));
        return limit(fresh);
    }

    /** Commits of the branch after the position, oldest first. */
    public List<RepositoryCommit> commits() throws IOException {
        String name = positionName("commits." + branch);
        Optional<String> position = state.get(name);
        if (position.isEmpty()) {
            RepositoryCommit head = headCommit();
            if (head != null) {
                state.putIfAbsent(name, head.getSha());
                LOG.info("GitHub notifications of {}: new commits on {} are those after {}", repo.generateId(), branch, head.getSha());
            }
            return List.of();
        }
        List<RepositoryCommit> fresh = new ArrayList<>();
        boolean found = false;
        PageIterator<RepositoryCommit> pages = commits.pageCommits(repo, branch, null, PAGE_SIZE);
        scan:
        for (int page = 0; page < MAX_PAGES && pages.hasNext(); page++) {
            for (RepositoryCommit commit : pages.next()) {
                if (commit.getSha() == null) {
                    continue; // nothing a position could point at; GitHub always sends one
                }
                if (commit.getSha().equals(position.get())) {
                    found = true;
                    break scan;
                }
                fresh.add(commit);
            }
        }
        if (!found && !fresh.isEmpty()) {
            // the last commit posted is no longer in the branch's recent history (a force push, or more than
            // MAX_PAGES pages since): post the head only rather than guess which of them are new
            LOG.warn("GitHub notifications of {}: commit {} is no longer among the last {} of {}; posting the head only",
                    repo.generateId(), position.get(), fresh.size(), branch);
            return List.of(fresh.get(0));
        }
        Collections.reverse(fresh);
        return limit(fresh);
    }

    /** Tags not seen before, in the order GitHub lists them reversed (usually oldest of the new ones first). */
    public List<RepositoryTag> tags() throws IOException {
        String name = positionName("tags");
        Optional<String> position = state.get(name);
        List<RepositoryTag> listed = repositories.getTags(repo).stream().filter(t -> t.getName() != null).toList();
        if (listed.size() > MAX_TAGS_KEPT) {
            listed = listed.subList(0, MAX_TAGS_KEPT);
        }
        if (position.isEmpty()) {
            Set<String> seen = new LinkedHashSet<>();
            listed.forEach(t -> seen.add(hash(t.getName())));
            state.putIfAbsent(name, String.join(",", seen));
            LOG.info("GitHub notifications of {}: {} tags exist, new tags are the others", repo.generateId(), seen.size());
            return List.of();
        }
        Set<String> seen = Set.of(position.get().isEmpty() ? new String[0] : position.get().split(","));
        List<RepositoryTag> fresh = new ArrayList<>();
        for (RepositoryTag tag : listed) {
            if (!seen.contains(hash(tag.getName()))) {
                fresh.add(tag);
            }
        }
        Collections.reverse(fresh);
        return limit(fresh);
    }

    /** Moves the position past an item that was posted. */
    public synchronized void advance(Object item) {
        if (item instanceof PullRequest pr) {
            String name = positionName("pulls");
            long last = state.get(name).filter(v -> v.matches("\\d{1,18}")).map(Long::parseLong).orElse(-1L);
            if (pr.getNumber() > last) {
                state.put(name, Integer.toString(pr.getNumber()));
            }
        } else if (item instanceof RepositoryCommit commit) {
            state.put(positionName("commits." + branch), commit.getSha());
        } else if (item instanceof RepositoryTag tag) {
            String name = positionName("tags");
            LinkedHashSet<String> seen = new LinkedHashSet<>();
            seen.add(hash(tag.getName()));
            for (String h : state.get(name).orElse("").split(",")) {
                if (!h.isEmpty() && seen.size() < MAX_TAGS_KEPT) {
                    seen.add(h);
                }
            }
            state.put(name, String.join(",", seen));
        } else {
            throw new IllegalArgumentException("not a GitHub notification item: " + (item == null ? "null" : item.getClass().getName()));
        }
    }

    /** One WARN line for a failed poll or post: the cause's own words, not the splitter's wrapping. */
    public void failed(String kind, Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        LOG.warn("GitHub notifications of {} ({}): {}; polling again from the same position at the next tick", repo.generateId(), kind,
                root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
    }

    private RepositoryCommit headCommit() throws IOException {
        PageIterator<RepositoryCommit> pages = commits.pageCommits(repo, branch, null, 1);
        if (pages.hasNext()) {
            Iterator<RepositoryCommit> first = pages.next().iterator();
            return first.hasNext() ? first.next() : null;
        }
        return null;
    }

    private String positionName(String kind) {
        return "github.notify." + repo.generateId() + "." + kind;
    }

    private static <T> List<T> limit(List<T> items) {
        return items.size() > MAX_POSTS_PER_POLL ? items.subList(0, MAX_POSTS_PER_POLL) : items;
    }

    static String hash(String tagName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(tagName.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
