package dev.kiln.inference;

import dev.kiln.contracts.runtime.LauncherWatch;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class InferenceApplication {
    public static void main(String[] args) {
        LauncherWatch.exitWhenLauncherEnds();
        SpringApplication.run(InferenceApplication.class, args);
    }
}
