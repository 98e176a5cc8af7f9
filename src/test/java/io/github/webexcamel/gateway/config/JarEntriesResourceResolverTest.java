package io.github.webexcamel.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource scan that reads a jar's central directory finds what Camel's own scan finds (the developer console's
 * look-up, here in a jar of its own on a class loader): files under the folder that match the pattern, no classes,
 * no folders, nothing from a neighbouring folder; and each resource found reads.
 */
class JarEntriesResourceResolverTest {

    @TempDir
    Path dir;

    @Test
    void findsTheMatchingFilesOfAJarFolderAndTheyRead() throws Exception {
        Path jar = dir.resolve("consoles.jar");
        String folder = "META-INF/services/org/apache/camel/dev-console/";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of(folder, folder + "alpha", folder + "beta", folder + "Gamma.class",
                    "META-INF/services/org/apache/camel/other/delta", "org/example/Epsilon.class")) {
                out.putNextEntry(new JarEntry(name));
                if (!name.endsWith("/")) {
                    out.write(("class=" + name).getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] { jar.toUri().toURL() }, null);
             DefaultCamelContext camel = new DefaultCamelContext()) {
            JarEntriesResourceResolver resolver = new JarEntriesResourceResolver();
            resolver.setCamelContext(camel);
            resolver.addClassLoader(loader);
            resolver.start();

            // the context's class loader is searched too: Camel's own consoles come from the jars on the class path
            Collection<Resource> all = resolver.findResources(folder + "*");
            assertThat(all).extracting(JarEntriesResourceResolverTest::name).contains("context", "route", "health");
            List<Resource> found = all.stream().filter(r -> r.getLocation().contains("consoles.jar")).toList();
            assertThat(found).extracting(JarEntriesResourceResolverTest::name).containsExactlyInAnyOrder("alpha", "beta");
            for (Resource resource : found) {
                try (InputStream in = resource.getInputStream()) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("class=" + folder);
                }
            }
        }
    }

    private static String name(Resource resource) {
        return resource.getLocation().substring(resource.getLocation().lastIndexOf('/') + 1);
    }

    /** The jar's entries come from its central directory: the stream Camel opened on it is closed unread. */
    @Test
    void theStreamCamelOpenedIsNotRead() throws Exception {
        Path jar = dir.resolve("one.jar");
        String folder = "META-INF/services/org/apache/camel/dev-console/";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(folder + "alpha"));
            out.write("class=x".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        AtomicBoolean read = new AtomicBoolean();
        AtomicBoolean closed = new AtomicBoolean();
        InputStream unreadable = new InputStream() {
            @Override
            public int read() throws IOException {
                read.set(true);
                throw new IOException("read");
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            JarEntriesResourceResolver resolver = new JarEntriesResourceResolver();
            resolver.setCamelContext(camel);
            Set<Resource> found = new HashSet<>();
            URL url = new URL("jar:" + jar.toUri() + "!/" + folder);
            resolver.loadImplementationsInJar(url, folder, "*", unreadable, jar.toString(), found, null);
            assertThat(found).extracting(JarEntriesResourceResolverTest::name).containsExactly("alpha");
            assertThat(read).isFalse();
            assertThat(closed).isTrue();
        }
    }
}
