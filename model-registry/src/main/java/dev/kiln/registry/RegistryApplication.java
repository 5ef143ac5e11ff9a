package dev.kiln.registry;

import dev.kiln.contracts.runtime.LauncherWatch;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class RegistryApplication {
    public static void main(String[] args) {
        LauncherWatch.exitWhenLauncherEnds();
        SpringApplication.run(RegistryApplication.class, args);
    }
}
