package io.github.webexcamel.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class WebexGatewayApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(WebexGatewayApplication.class, args);
        } catch (RuntimeException e) {
            // already reported (one line for a bad token, Spring's report otherwise); exit without a second trace
            System.exit(1);
        }
    }
}
