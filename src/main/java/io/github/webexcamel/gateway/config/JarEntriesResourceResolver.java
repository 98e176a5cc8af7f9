package io.github.webexcamel.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.util.Enumeration;
import java.util.Set;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PackageScanResourceResolver;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.FatJarPackageScanResourceResolver;
import org.apache.camel.support.scan.PackageScanJarResource;
import org.apache.camel.util.AntPathMatcher;
import org.apache.camel.util.IOHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Camel's resource scan (in sandbox mode, the developer console looking up its consoles) with a jar's entries read
 * from its central directory. camel-spring-boot's resolver reads the whole executable jar as a stream, inflating
 * every jar nested in it, and does so again for each nested jar that holds a match: a sandbox started with
 * {@code java -jar target/webex-camel-gateway.jar} spent about 20 of its 28 s of start-up there (BENCHMARKS.md, "How
 * it is started"). A {@code jar:} URL, nested ({@code jar:nested:…!/BOOT-INF/lib/x.jar!/…}) or plain, names the one
 * jar to look in; anything else is scanned as before.
 */
public class JarEntriesResourceResolver extends FatJarPackageScanResourceResolver {

    private static final Logger LOG = LoggerFactory.getLogger(JarEntriesResourceResolver.class);

    /** Puts this resolver in place of camel-spring-boot's before the context initialises (and scans). */
    public static BeanPostProcessor installer() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof CamelContext camel) {
                    camel.getCamelContextExtension().addContextPlugin(PackageScanResourceResolver.class,
                            new JarEntriesResourceResolver());
                }
                return bean;
            }
        };
    }

    @Override
    protected void loadImplementationsInJar(URL url, String packageName, String subPattern, InputStream stream,
                                            String urlPath, Set<Resource> resources, Predicate<String> filter) {
        JarFile jar = "jar".equals(url.getProtocol()) ? open(url) : null;
        if (jar == null) {
            super.loadImplementationsInJar(url, packageName, subPattern, stream, urlPath, resources, filter);
            return;
        }
        IOHelper.close(stream);
        try (jar) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName().trim();
                if (entry.isDirectory() || !name.startsWith(packageName)) {
                    continue;
                }
                // as Camel's own scan decides: the filter if given, else everything but classes
                boolean accept = filter != null ? filter.test(name) : !name.endsWith(".class");
                if (accept && AntPathMatcher.INSTANCE.match(subPattern, name.substring(packageName.length()))) {
                    resources.add(new PackageScanJarResource("jar", url, name));
                }
            }
        } catch (IOException e) {
            // as Camel's own scan does: the jar's resources are missing from this scan, and the log says which
            LOG.warn("Cannot list the entries of {} ({}); its resources are left out of the scan", url, e.toString());
        }
    }

    /**
     * The jar the URL points into, opened for this scan only (a cached one is shared with the class loader), through
     * its root: a connection to the folder itself would need the jar to hold an entry for it.
     */
    private static JarFile open(URL url) {
        String spec = url.toString();
        int root = spec.lastIndexOf("!/");
        if (root < 0) {
            return null;
        }
        try {
            URLConnection connection = new URL(spec.substring(0, root + 2)).openConnection();
            if (connection instanceof JarURLConnection jarConnection) {
                jarConnection.setUseCaches(false);
                return jarConnection.getJarFile();
            }
        } catch (IOException e) {
            LOG.debug("Cannot open {} as a jar; scanning it as a stream", url, e);
        }
        return null;
    }
}
