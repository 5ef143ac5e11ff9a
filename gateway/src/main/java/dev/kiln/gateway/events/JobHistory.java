package dev.kiln.gateway.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last few events of each recently active job, so a new subscriber gets the events the registry may not have
 * projected yet when it answers for the snapshot (the registry reads the same topic, a little behind or ahead). Kept
 * for a short window and a bounded number per job; not thread-safe (the hub guards it).
 */
final class JobHistory {
    private static final int MAX_JOBS = 1_000;

    private final int perJob;
    private final Duration window;
    private final LinkedHashMap<String, ArrayDeque<Stamped>> jobs = new LinkedHashMap<>(16, 0.75f, false);

    private record Stamped(JobStreamItem.Event event, Instant received) {}

    JobHistory(int perJob, Duration window) {
        this.perJob = perJob;
        this.window = window;
    }

    void add(JobStreamItem.Event event, Instant now) {
        String jobId = event.event().jobId();
        ArrayDeque<Stamped> events = jobs.remove(jobId);
        if (events == null) {
            events = new ArrayDeque<>();
        }
        events.addLast(new Stamped(event, now));
        while (events.size() > perJob) {
            events.pollFirst();
        }
        jobs.put(jobId, events);
        evict(now);
    }

    List<JobStreamItem.Event> of(String jobId, Instant now) {
        evict(now);
        ArrayDeque<Stamped> events = jobs.get(jobId);
        return events == null ? List.of() : events.stream().map(Stamped::event).toList();
    }

    int jobs() {
        return jobs.size();
    }

    /** Jobs are in order of their last event: drop whole jobs idle past the window, and the oldest past MAX_JOBS. */
    private void evict(Instant now) {
        Instant cutoff = now.minus(window);
        Iterator<Map.Entry<String, ArrayDeque<Stamped>>> it = jobs.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, ArrayDeque<Stamped>> job = it.next();
            ArrayDeque<Stamped> events = job.getValue();
            while (!events.isEmpty() && events.peekFirst().received().isBefore(cutoff)) {
                events.pollFirst();
            }
            if (events.isEmpty() || jobs.size() > MAX_JOBS) {
                it.remove();
            } else {
                break;
            }
        }
    }
}
