package dev.kiln.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contracts.events.JobEvent;
import dev.kiln.gateway.support.GatewayIntegrationTestSupport;
import dev.kiln.gateway.support.SseStream;
import dev.kiln.gateway.support.TestKafka;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Five hundred SSE subscribers on one job on one gateway while the job runs: every subscriber gets the snapshot and
 * every event, in order; the gateway holds no thread per connection. Prints the heap and thread figures. (The test
 * JVM also runs Kafka, PostgreSQL's launcher and S3 in-process, so the thread count is the growth over the idle
 * gateway; the clients use one HttpClient with a fixed pool of four threads.)
 */
class ManySubscribersIntegrationTests extends GatewayIntegrationTestSupport {
    private static final int SUBSCRIBERS = 500;
    private static final int KEYS = 10;

    @Autowired
    JobEventHub hub;

    @Test
    void fiveHundredSubscribersEachGetEveryEventWithoutAThreadPerConnection() throws Exception {
        String jobId = "many-" + UUID.randomUUID();
        List<JobEvent> events = JobScript.run(jobId, 5, 6);
        // the registry has projected the start; the rest (40 events) is published while everyone watches
        TestKafka.ensureTopics();
        TestKafka.publish(events.get(0));
        registry.answer("/api/v1/jobs/" + jobId, () -> ProjectedJob.of(jobId, events.subList(0, 1)));
        List<JobEvent> live = events.subList(1, events.size());
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            keys.add("Bearer " + newKey("watcher-" + k, "read"));
        }

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ExecutorService clientThreads = Executors.newFixedThreadPool(4);
        HttpClient clients = HttpClient.newBuilder().executor(clientThreads).build();
        System.gc();
        int threadsBefore = threads.getThreadCount();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        int subscribersBefore = hub.subscribers();

        List<SseStream> streams = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            streams.add(SseStream.open(clients, uri("/api/v1/jobs/" + jobId + "/events"), keys.get(i % KEYS)));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (streams.stream().anyMatch(s -> s.size() < 1) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(streams)
                .allSatisfy(s -> assertThat(s.size()).as("snapshot received").isEqualTo(1));
        assertThat(hub.subscribers() - subscribersBefore).isEqualTo(SUBSCRIBERS);

        for (JobEvent event : live) {
            TestKafka.publish(event);
            Thread.sleep(20);
        }
        int threadsDuring = threads.getThreadCount();
        System.gc();
        long heapDuring = memory.getHeapMemoryUsage().getUsed();
        for (SseStream stream : streams) {
            stream.awaitEnd(Duration.ofSeconds(60));
        }

        List<String> expected = live.stream().map(e -> e.eventId().toString()).toList();
        for (SseStream stream : streams) {
            List<SseStream.Event> received = stream.events();
            assertThat(received.get(0).event()).isEqualTo("JobSnapshot");
            assertThat(received.subList(1, received.size()))
                    .extracting(SseStream.Event::id)
                    .containsExactlyElementsOf(expected);
        }
        System.out.printf(
                Locale.ROOT,
                "%n500 SSE subscribers on one gateway, %d events each: JVM threads %d before, %d during (+%d);"
                        + " heap used after GC %.1f MiB before, %.1f MiB with 500 open streams (+%.1f MiB)%n%n",
                expected.size(),
                threadsBefore,
                threadsDuring,
                threadsDuring - threadsBefore,
                heapBefore / 1048576.0,
                heapDuring / 1048576.0,
                (heapDuring - heapBefore) / 1048576.0);
        assertThat(threadsDuring - threadsBefore)
                .as("threads added while 500 streams are open (no thread per connection)")
                .isLessThan(100);
        clientThreads.shutdownNow();
    }
}
