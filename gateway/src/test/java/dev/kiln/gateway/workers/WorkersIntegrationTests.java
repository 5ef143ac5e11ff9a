package dev.kiln.gateway.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contracts.events.WorkerHeartbeat;
import dev.kiln.gateway.support.GatewayIntegrationTestSupport;
import dev.kiln.gateway.support.TestApiKeys;
import dev.kiln.gateway.support.TestKafka;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/v1/workers} from real heartbeats on the compacted worker-heartbeats topic. */
class WorkersIntegrationTests extends GatewayIntegrationTestSupport {

    @Test
    void listsTheWorkersHeardFromInTheLast15Seconds() throws Exception {
        String fresh = "worker-" + UUID.randomUUID();
        String stale = "worker-" + UUID.randomUUID();
        TestKafka.ensureTopics();
        TestKafka.publish(new WorkerHeartbeat(
                UUID.randomUUID(),
                Instant.now().minusSeconds(60),
                stale,
                List.of("cpu"),
                2,
                1L << 30,
                null,
                "training-jobs-cpu"));
        TestKafka.publish(
                WorkerHeartbeat.of(fresh, List.of("cpu", "cuda:0"), 8, 16L << 30, "job-7", "training-jobs-gpu"));

        JsonNode worker = null;
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (worker == null && System.nanoTime() < deadline) {
            for (JsonNode w : json(get("/api/v1/workers", TestApiKeys.ADMIN_BEARER)
                            .body())
                    .get("workers")) {
                assertThat(w.get("worker_id").asString()).isNotEqualTo(stale);
                if (w.get("worker_id").asString().equals(fresh)) {
                    worker = w;
                }
            }
            Thread.sleep(100);
        }
        assertThat(worker).as("the fresh worker is listed").isNotNull();
        assertThat(worker.get("devices").toString()).isEqualTo("[\"cpu\",\"cuda:0\"]");
        assertThat(worker.get("cores").asInt()).isEqualTo(8);
        assertThat(worker.get("memory_bytes").asLong()).isEqualTo(16L << 30);
        assertThat(worker.get("current_job_id").asString()).isEqualTo("job-7");
        assertThat(worker.get("queue").asString()).isEqualTo("training-jobs-gpu");
        assertThat(Instant.parse(worker.get("last_seen").asString()))
                .isAfter(Instant.now().minusSeconds(15));
    }
}
