package dev.kiln.gateway.events;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A live view of one job, for SSE and gRPC alike: the job's current state first, then every later event in order,
 * none twice, ending after the terminal event.
 *
 * <p>The seam: subscribe to the live events first (they queue), then ask the registry for the snapshot, then replay
 * the job's recent history and the queued and live events through a {@link SeamFilter} that drops what the
 * snapshot already shows. A {@link JobStreamItem.Resync} (the subscriber was too slow and events were dropped) is
 * answered with a fresh snapshot and the filter starts over from it.
 */
@Component
public class JobWatch {
    private final JobEventHub hub;
    private final RegistryJobs registry;

    JobWatch(JobEventHub hub, RegistryJobs registry) {
        this.hub = hub;
        this.registry = registry;
    }

    /**
     * The job's stream; the Mono fails with NOT_FOUND or UNAVAILABLE (a {@code GatewayProblem}) before any item when
     * the registry does not know the job or cannot be reached.
     */
    public Mono<Flux<JobStreamItem>> watch(String jobId) {
        return Mono.defer(() -> {
            JobEventHub.Subscription subscription = hub.subscribe(jobId);
            return registry.jobSoon(jobId)
                    .map(job -> stream(jobId, subscription, new JobStreamItem.Snapshot(job)))
                    .doOnError(e -> subscription.cancel().run())
                    .doOnCancel(subscription.cancel()::run);
        });
    }

    private Flux<JobStreamItem> stream(
            String jobId, JobEventHub.Subscription subscription, JobStreamItem.Snapshot first) {
        if (first.terminal()) {
            subscription.cancel().run();
            return Flux.just(first);
        }
        SeamFilter seam = new SeamFilter(JobSnapshot.of(first.job()));
        Flux<JobStreamItem> after = Flux.<JobStreamItem>fromIterable(subscription.history())
                .concatWith(subscription.live())
                .concatMap(item -> {
                    if (item instanceof JobStreamItem.Event event) {
                        return seam.admit(event.event()) ? Mono.just(item) : Mono.empty();
                    }
                    if (item instanceof JobStreamItem.Resync resync) {
                        return registry.job(jobId)
                                .map(job -> {
                                    seam.reset(JobSnapshot.of(job));
                                    return (JobStreamItem) new JobStreamItem.Snapshot(job);
                                })
                                .onErrorReturn(resync);
                    }
                    return Mono.just(item);
                })
                .takeUntil(JobStreamItem::terminal)
                .doFinally(signal -> subscription.cancel().run());
        return Flux.<JobStreamItem>just(first).concatWith(after);
    }
}
