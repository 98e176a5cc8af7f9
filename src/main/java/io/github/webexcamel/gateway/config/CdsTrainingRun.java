package io.github.webexcamel.gateway.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code webex.cds-training=true}: the class data sharing training run (the image, {@code bin/webex-camel-gateway},
 * the benchmark). The gateway starts as usual and exits once its Webex socket is connected, so the archive the JVM
 * writes at exit holds the classes of the whole start: Spring's {@code spring.context.exit=onRefresh} stops before
 * Camel loads and starts the routes and before the socket opens, and those ~1,400 classes were then loaded and
 * verified from the jars on every start (BENCHMARKS.md: 0.2 s of the time to connect). Registered in
 * META-INF/spring.factories.
 */
public class CdsTrainingRun implements ApplicationListener<ApplicationReadyEvent> {

    static final String PROPERTY = "webex.cds-training";
    private static final Logger LOG = LoggerFactory.getLogger(CdsTrainingRun.class);
    /** A training run that cannot connect still writes a usable archive, just a smaller one; a build never hangs. */
    private static final long MAX_WAIT_MILLIS = 60_000;

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        ConfigurableApplicationContext context = event.getApplicationContext();
        if (!context.getEnvironment().getProperty(PROPERTY, Boolean.class, false)) {
            return;
        }
        Thread exit = new Thread(() -> {
            boolean connected = WebexSockets.awaitConnected(context, MAX_WAIT_MILLIS);
            if (!connected) {
                LOG.warn("Class data sharing training run: the Webex socket did not connect within {} s; exiting with"
                        + " what has been loaded so far", MAX_WAIT_MILLIS / 1000);
            } else {
                LOG.info("Class data sharing training run: connected, exiting");
            }
            System.exit(SpringApplication.exit(context));
        }, "cds-training-exit");
        exit.start();
    }
}
