package io.github.webexcamel.gateway.command;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command files removed while the gateway runs. Camel's route watcher ({@code camel.main.routes-reload-*}) loads a
 * file that is added or changed, and keeps the previous routes when it does not load, but leaves the routes of a
 * deleted file running; this removes them, so deleting a file under {@code routes/commands/} takes a command away
 * as adding one brings it.
 */
public class CommandFiles {

    private static final Logger LOG = LoggerFactory.getLogger(CommandFiles.class);

    private final CamelContext camel;
    private final File directory;

    public CommandFiles(CamelContext camel, String directory) {
        this.camel = camel;
        this.directory = new File(directory).getAbsoluteFile();
    }

    public void removeDeleted() throws Exception {
        List<Route> gone = new ArrayList<>();
        for (Route route : camel.getRoutes()) {
            File file = file(route.getSourceResource());
            if (file != null && directory.equals(file.getParentFile()) && !file.exists()) {
                gone.add(route);
            }
        }
        for (Route route : gone) {
            LOG.info("Command file {} was removed: route {} is stopped and removed", route.getSourceResource().getLocation(),
                    route.getRouteId());
            camel.getRouteController().stopRoute(route.getRouteId());
            camel.removeRoute(route.getRouteId());
        }
    }

    private static File file(Resource resource) {
        if (resource == null || resource.getLocation() == null || !resource.getLocation().startsWith("file:")) {
            return null;
        }
        return new File(resource.getLocation().substring("file:".length())).getAbsoluteFile();
    }
}
