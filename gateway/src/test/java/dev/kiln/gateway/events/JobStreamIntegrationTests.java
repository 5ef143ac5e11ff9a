package dev.kiln.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contracts.events.JobEvent;
import dev.kiln.contracts.events.TrainingJobStarted;
import dev.kiln.contracts.jobs.v1.JobStatus;
import dev.kiln.contracts.jobs.v1.JobUpdate;
import dev.kiln.contracts.jobs.v1.WatchJobRequest;
import dev.kiln.gateway.support.GatewayIntegrationTestSupport;
import dev.kiln.gateway.support.SseStream;
import dev.kiln.gateway.support.TestApiKeys;
import dev.kiln.gateway.support.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Live job streams on real Kafka: a job's events are published while a client opens its stream mid-way; the registry
 * (a real HTTP server standing in for it) answers the snapshot from the events it has "projected" so far, three
 * behind Kafka, as a lagging registry would. The client must get that snapshot, then exactly the events after it,
 * in order, none twice, ending with the terminal event.
 */
class JobStreamIntegrationTests extends GatewayIntegrationTestSupport {
    private static final int REGISTRY_LAG = 3;

    @Test
    void sseSubscriberMidWayGetsTheCurrentStateThenEveryLaterEventOnceInOrderEndingWithTheTerminalOne()
            throws Exception {
        String jobId = "sse-" + UUID.randomUUID();
        Run run = new Run(jobId);
        run.publishInBackground();
        run.awaitPublished(12);

        SseStream stream = SseStream.open(http, uri("/api/v1/jobs/" + jobId + "/events"), TestApiKeys.ADMIN_BEARER);
        stream.awaitEnd(Duration.ofSeconds(60));
        run.join();

        List<SseStream.Event> received = stream.events();
        assertThat(received.get(0).event()).isEqualTo("JobSnapshot");
        JsonNode snapshot = json(received.get(0).data());
        assertThat(snapshot.get("status").asString()).isEqualTo("RUNNING");
        assertThat(snapshot.get("epochs").size()).isEqualTo(run.epochsInSnapshot());

        List<String> ids = received.subList(1, received.size()).stream()
                .map(SseStream.Event::id)
                .toList();
        assertThat(ids).doesNotHaveDuplicates().containsExactlyElementsOf(run.expectedAfterSnapshot());
        SseStream.Event last = received.get(received.size() - 1);
        assertThat(last.event()).isEqualTo("TrainingJobSucceeded");
        assertThat(json(last.data()).get("job_id").asString()).isEqualTo(jobId);
    }

    @Test
    void watchJobOverGrpcGivesTheSameSnapshotThenEveryLaterEventOnceInOrder() throws Exception {
        String jobId = "grpc-" + UUID.randomUUID();
        Run run = new Run(jobId);
        run.publishInBackground();
        run.awaitPublished(12);

        Iterator<JobUpdate> updates = jobs(TestApiKeys.ADMIN_TOKEN)
                .watchJob(WatchJobRequest.newBuilder().setId(jobId).build());
        List<JobUpdate> received = new ArrayList<>();
        updates.forEachRemaining(received::add);
        run.join();

        assertThat(received.get(0).hasJob()).isTrue();
        assertThat(received.get(0).getJob().getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(received.get(0).getJob().getEpochsCount()).isEqualTo(run.epochsInSnapshot());
        List<String> ids = received.subList(1, received.size()).stream()
                .map(update -> update.getEvent().getEventId())
                .toList();
        assertThat(ids).doesNotHaveDuplicates().containsExactlyElementsOf(run.expectedAfterSnapshot());
        assertThat(received.get(received.size() - 1).getEvent().hasSucceeded()).isTrue();
    }

    @Test
    void aFinishedJobStreamsItsSnapshotAndEnds() throws Exception {
        SseStream stream = SseStream.open(http, uri("/api/v1/jobs/j-finished/events"), TestApiKeys.ADMIN_BEARER);
        stream.awaitEnd(Duration.ofSeconds(10));
        assertThat(stream.events()).extracting(SseStream.Event::event).containsExactly("JobSnapshot");
    }

    @Test
    void anUnknownJobAnswers404() {
        registry.answer("/api/v1/jobs/no-such-job", 404, "{\"status\":404,\"error_code\":\"NOT_FOUND\"}");
        var response = get("/api/v1/jobs/no-such-job/events", TestApiKeys.ADMIN_BEARER);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response.body()).get("error_code").asString()).isEqualTo("NOT_FOUND");
    }

    @Test
    void theAllJobsStreamCarriesEveryJobsEventsAndKeepAliveComments() throws Exception {
        SseStream all = SseStream.open(http, uri("/api/v1/events"), TestApiKeys.ADMIN_BEARER);
        Thread.sleep(300);
        TrainingJobStarted a = TrainingJobStarted.of("all-a-" + UUID.randomUUID(), "w", "cpu", 1, 0);
        TrainingJobStarted b = TrainingJobStarted.of("all-b-" + UUID.randomUUID(), "w", "cpu", 1, 0);
        TestKafka.publish(a);
        TestKafka.publish(b);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline
                && (all.events().stream().noneMatch(e -> a.eventId().toString().equals(e.id()))
                        || all.events().stream()
                                .noneMatch(e -> b.eventId().toString().equals(e.id()))
                        || all.comments() == 0)) {
            Thread.sleep(50);
        }
        all.cancel();
        assertThat(all.events())
                .extracting(SseStream.Event::id)
                .contains(a.eventId().toString(), b.eventId().toString());
        assertThat(all.comments())
                .as("keep-alive comments (every second in this test)")
                .isPositive();
    }

    /** One job's scripted events, published one every 25 ms, and a registry that projects them three behind. */
    private static final class Run {
        final List<JobEvent> events;
        final AtomicInteger published = new AtomicInteger();
        final AtomicInteger projectedAtSnapshot = new AtomicInteger(-1);
        private Thread publisher;

        Run(String jobId) {
            this.events = JobScript.run(jobId, 6, 3);
            registry.answer("/api/v1/jobs/" + jobId, () -> {
                int projected = Math.max(0, published.get() - REGISTRY_LAG);
                projectedAtSnapshot.compareAndSet(-1, projected);
                return ProjectedJob.of(jobId, events.subList(0, projected));
            });
        }

        void publishInBackground() throws Exception {
            TestKafka.ensureTopics();
            publisher = new Thread(() -> {
                try {
                    for (JobEvent event : events) {
                        TestKafka.publish(event);
                        published.incrementAndGet();
                        Thread.sleep(25);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            publisher.start();
        }

        void awaitPublished(int n) throws InterruptedException {
            while (published.get() < n) {
                Thread.sleep(5);
            }
        }

        void join() throws InterruptedException {
            publisher.join(30_000);
        }

        int epochsInSnapshot() {
            return (int) events.subList(0, projectedAtSnapshot.get()).stream()
                    .filter(e -> e instanceof dev.kiln.contracts.events.EpochCompleted)
                    .count();
        }

        List<String> expectedAfterSnapshot() {
            int first = JobScript.firstAfterSnapshot(events, projectedAtSnapshot.get());
            return events.subList(first, events.size()).stream()
                    .map(e -> e.eventId().toString())
                    .toList();
        }
    }
}
