/* Written in the shape camel-spring-boot-generator-maven-plugin generates (see WebexComponentConfiguration). */
package io.github.webexcamel.gateway.webex.springboot;

import java.util.LinkedHashSet;
import java.util.Set;

import io.github.webexcamel.gateway.webex.Checkpoint;
import io.github.webexcamel.gateway.webex.WebexConfiguration;
import io.vertx.core.Vertx;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;
import org.springframework.stereotype.Component;

/** Binds {@code camel.component.webex.<option>=#beanName} (or {@code #bean:beanName}) to the bean of that name. */
@Configuration(proxyBeanMethods = false)
@ConfigurationPropertiesBinding
@Component
public class WebexComponentConverter implements GenericConverter {

    @Autowired
    private ApplicationContext applicationContext;

    @Override
    public Set<ConvertiblePair> getConvertibleTypes() {
        Set<ConvertiblePair> answer = new LinkedHashSet<>();
        answer.add(new ConvertiblePair(String.class, WebexConfiguration.class));
        answer.add(new ConvertiblePair(String.class, Checkpoint.Store.class));
        answer.add(new ConvertiblePair(String.class, IdempotentRepository.class));
        answer.add(new ConvertiblePair(String.class, Vertx.class));
        return answer;
    }

    @Override
    public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
        if (source == null) {
            return null;
        }
        String ref = source.toString();
        if (!ref.startsWith("#")) {
            return null;
        }
        ref = ref.startsWith("#bean:") ? ref.substring(6) : ref.substring(1);
        switch (targetType.getName()) {
            case "io.github.webexcamel.gateway.webex.WebexConfiguration":
                return applicationContext.getBean(ref, WebexConfiguration.class);
            case "io.github.webexcamel.gateway.webex.Checkpoint$Store":
                return applicationContext.getBean(ref, Checkpoint.Store.class);
            case "org.apache.camel.spi.IdempotentRepository":
                return applicationContext.getBean(ref, IdempotentRepository.class);
            case "io.vertx.core.Vertx":
                return applicationContext.getBean(ref, Vertx.class);
        }
        return null;
    }
}
