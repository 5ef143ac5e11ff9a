package dev.kiln.inference;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class InferenceApplication {
    public static void main(String[] args) {
        SpringApplication.run(InferenceApplication.class, args);
    }
}
