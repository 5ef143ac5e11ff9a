package dev.kiln.training;

import dev.kiln.contracts.runtime.LauncherWatch;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class TrainingApplication {
    public static void main(String[] args) {
        LauncherWatch.exitWhenLauncherEnds();
        SpringApplication.run(TrainingApplication.class, args);
    }
}
