package dev.kiln.training;

import dev.kiln.infra.testing.KilnInfrastructure;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One worker (this module's Spring application) on the real test Kafka and S3. Every test class that runs a worker
 * in this JVM extends this class, so they share one application context and so one consumer-group member.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class WorkerIntegrationTest {
    static final String WORKER_ID = "test-worker";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        KilnInfrastructure.endpoints().springProperties("training").forEach((k, v) -> registry.add(k, () -> v));
        registry.add("kiln.training.worker-id", () -> WORKER_ID);
        registry.add("kiln.training.heartbeat-interval", () -> "1s");
    }
}
