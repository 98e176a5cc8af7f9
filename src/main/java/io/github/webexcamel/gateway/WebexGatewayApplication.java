package io.github.webexcamel.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class WebexGatewayApplication {
    public static void main(String[] args) {
        SpringApplication.run(WebexGatewayApplication.class, args);
    }
}
