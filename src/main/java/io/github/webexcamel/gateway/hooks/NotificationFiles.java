package io.github.webexcamel.gateway.hooks;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Notification files added, changed or removed under {@code routes/notifications/} while the gateway runs, taken up
 * as command files are: Camel's route watcher watches one folder ({@code routes/commands/}), so a timer calls this
 * for the other. A file that does not load is refused with a WARN and its previous routes keep answering; the
 * routes of a removed file are removed (platform-http then answers 404 for its path).
 */
public class NotificationFiles implements ApplicationListener<ApplicationStartedEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationFiles.class);

    private final CamelContext camel;
    private final Path directory;
    private final Map<Path, Long> modified = new HashMap<>();
    /** What each file held when it last loaded, to bring back when a change does not load. */
    private final Map<Path, String> contents = new HashMap<>();
    private boolean started;
    /**
     * The first look waits until the application has started. The timer fires a second after its route started, but
     * Camel's supervising route controller may still be starting the other routes then (one waits for Webex): their
     * routes were not found, each file was loaded again — its routes removed and added while the controller started
     * them, which could fail the start-up (its summary looks up every route it started: an NPE in Camel).
     */
    private volatile boolean applicationStarted;

    public NotificationFiles(CamelContext camel, String directory) {
        this.camel = camel;
        this.directory = Path.of(directory).toAbsolutePath().normalize();
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        applicationStarted = true;
    }

    public synchronized void refresh() throws IOException {
        if (!applicationStarted) {
            return;
        }
        Set<Path> present = new HashSet<>();
        for (Path file : files()) {
            present.add(file);
            long time = Files.getLastModifiedTime(file).toMillis();
            Long known = modified.put(file, time);
            // the first look takes what the start-up loaded (routes-include-pattern) as it is
            if (started ? known == null || known != time : routesOf(file).isEmpty()) {
                load(file, known == null);
            } else if (!started) {
                contents.put(file, Files.readString(file));
            }
        }
        for (Path file : List.copyOf(modified.keySet())) {
            if (!present.contains(file)) {
                modified.remove(file);
                contents.remove(file);
                for (String id : routesOf(file)) {
                    LOG.info("Notification file {} was removed: route {} is stopped and removed", file, id);
                    remove(id);
                }
            }
        }
        started = true;
    }

    private void load(Path file, boolean added) {
        Set<String> before = routesOf(file);
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            LOG.warn("Notification file {} cannot be read: {}", file, e.getMessage());
            return;
        }
        // the old routes go first: replacing a route in place leaves its platform-http path mapped to nothing
        before.forEach(this::remove);
        try {
            Set<String> now = PluginHelper.getRoutesLoader(camel).updateRoutes(ResourceHelper.fromString("file:" + file, text));
            contents.put(file, text);
            LOG.info("Notification file {} {}: routes {}", file, added ? "added" : "reloaded", now);
        } catch (Exception e) {
            String previous = contents.get(file);
            LOG.warn("Notification file {} does not load ({}); {}", file, e.getMessage(),
                    previous == null ? "it is not used" : "the previous version stays in use");
            if (previous != null) {
                try {
                    PluginHelper.getRoutesLoader(camel).updateRoutes(ResourceHelper.fromString("file:" + file, previous));
                } catch (Exception again) {
                    LOG.warn("The previous version of {} does not load again either: {}", file, again.getMessage());
                }
            }
        }
    }

    private void remove(String id) {
        try {
            camel.getRouteController().stopRoute(id);
            camel.removeRoute(id);
        } catch (Exception e) {
            LOG.warn("Could not remove route {}: {}", id, e.getMessage());
        }
    }

    private Set<String> routesOf(Path file) {
        Set<String> ids = new HashSet<>();
        for (Route route : camel.getRoutes()) {
            Resource source = route.getSourceResource();
            String location = source == null ? null : source.getLocation();
            if (location != null && location.startsWith("file:")
                    && new File(location.substring(5)).toPath().toAbsolutePath().normalize().equals(file)) {
                ids.add(route.getRouteId());
            }
        }
        return ids;
    }

    private List<Path> files() throws IOException {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.camel.yaml")) {
                files.forEach(f -> found.add(f.toAbsolutePath().normalize()));
            }
        }
        return found;
    }
}
