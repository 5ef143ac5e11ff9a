package dev.kiln.gateway;

import dev.kiln.contracts.runtime.LauncherWatch;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {
    public static void main(String[] args) {
        LauncherWatch.exitWhenLauncherEnds();
        SpringApplication.run(GatewayApplication.class, args);
    }
}
