package io.github.webexcamel.gateway.state;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import com.zaxxer.hikari.HikariDataSource;
import io.github.webexcamel.gateway.config.GatewayProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

/**
 * Begins to open and migrate the state store on a thread of its own as soon as the application context exists,
 * while Spring reads the configuration classes and creates the other beans. Opening the store is mostly loading and
 * initialising about a thousand H2, Flyway and Hikari classes: on the main thread it cost every start-up a quarter
 * of a second (BENCHMARKS.md).
 *
 * <p>The store's bean still takes the result where it used to open the store ({@link StateStoreConfiguration}), so a
 * store that cannot be opened fails start-up at the same place, with the same one line: an earlier attempt waited
 * for the store only after all beans were made, and the failure then came out of Camel's context creation with
 * some 35 lines of Spring's related causes. Registered in META-INF/spring.factories; the bean opens the store
 * itself when this did not run or read other settings.
 */
public class EarlyStateStore implements ApplicationContextInitializer<ConfigurableApplicationContext>, DisposableBean,
        Ordered {

    static final String BEAN = "webexEarlyStateStore";

    private final GatewayProperties.State state;
    private final CompletableFuture<HikariDataSource> pool;
    private volatile boolean taken;

    /** The initializer Spring instantiates. */
    public EarlyStateStore() {
        this.state = null;
        this.pool = null;
    }

    private EarlyStateStore(GatewayProperties.State state) {
        this.state = state;
        this.pool = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                pool.complete(StateStoreConfiguration.open(state));
            } catch (Throwable e) {
                pool.completeExceptionally(e);
            }
        }, "state-store-open");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        if (beans.containsSingleton(BEAN)) {
            return;
        }
        GatewayProperties.State settings;
        try {
            settings = Binder.get(context.getEnvironment()).bind("webex.state", GatewayProperties.State.class).orElse(null);
        } catch (RuntimeException e) {
            return; // the bean binds them again and reports what is wrong with them where it always did
        }
        if (settings == null) {
            return;
        }
        EarlyStateStore opening = new EarlyStateStore(settings);
        beans.registerSingleton(BEAN, opening);
        if (beans instanceof DefaultSingletonBeanRegistry registry) {
            // a start-up that fails before the store's bean took the pool still closes it (and H2's file)
            registry.registerDisposableBean(BEAN, opening);
        }
    }

    /** After the initializers that add settings (tests' property sources among them), so it reads the final ones. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /**
     * The opened store for these settings (rethrowing what stopped it from opening), or null when it was opened
     * with other settings, which it then closes.
     */
    HikariDataSource take(GatewayProperties.State settings) {
        if (pool == null) {
            return null;
        }
        taken = true;
        if (!state.equals(settings)) {
            closeWhenOpen();
            return null;
        }
        try {
            return pool.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while opening the state store", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void destroy() {
        if (pool != null && !taken) {
            closeWhenOpen();
        }
    }

    private void closeWhenOpen() {
        try {
            pool.get().close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // it never opened: nothing to close
        }
    }
}
