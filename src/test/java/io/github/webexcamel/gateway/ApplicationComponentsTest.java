package io.github.webexcamel.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.core.type.filter.TypeFilter;
import org.springframework.stereotype.Component;

/**
 * The application lists its components instead of scanning for them (start-up time): what a scan of its package
 * finds — as {@code @SpringBootApplication}'s would, auto-configurations left out — must be exactly that list.
 */
class ApplicationComponentsTest {

    @Test
    void theImportedComponentsAreWhatAPackageScanFinds() {
        AutoConfigurationExcludeFilter autoConfigurations = new AutoConfigurationExcludeFilter();
        autoConfigurations.setBeanClassLoader(getClass().getClassLoader());
        TypeFilter component = new AnnotationTypeFilter(Component.class);
        // every component, whatever its conditions say in this test's environment (the scan would evaluate them)
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(MetadataReader reader) throws IOException {
                return component.match(reader, getMetadataReaderFactory())
                        && !autoConfigurations.match(reader, getMetadataReaderFactory());
            }
        };
        scan.setResourceLoader(new DefaultResourceLoader(getClass().getClassLoader()));
        // the scan also sees test classes here; none is a component (a test's own configuration is nested in it)
        List<String> scanned = scan.findCandidateComponents(WebexGatewayApplication.class.getPackageName()).stream()
                .map(BeanDefinition::getBeanClassName)
                .filter(name -> !name.equals(WebexGatewayApplication.class.getName()))
                // a component nested in a configuration class is registered with it, as its member
                .filter(name -> !name.contains("$")).sorted().toList();

        List<String> imported = Arrays.stream(WebexGatewayApplication.class.getAnnotation(Import.class).value())
                .map(Class::getName).sorted().toList();

        assertThat(scanned).isNotEmpty();
        assertThat(imported).as("components of %s to add to (or remove from) WebexGatewayApplication's @Import",
                WebexGatewayApplication.class.getPackageName()).containsExactlyElementsOf(scanned);
    }
}
