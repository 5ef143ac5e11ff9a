package dev.kiln.gateway.jobs;

import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.Resources;

/**
 * The queue of a job: {@code gpu} jobs wait for a GPU worker on {@code training-jobs-gpu}; {@code cpu} and
 * {@code auto} jobs go to {@code training-jobs-cpu}, which GPU workers consume too, so an {@code auto} job gets a
 * GPU when a GPU worker is free and a CPU worker otherwise.
 */
final class JobQueues {
    private JobQueues() {}

    static String forDevice(String device) {
        return Resources.GPU.equals(device) ? Topics.TRAINING_JOBS_GPU : Topics.TRAINING_JOBS_CPU;
    }
}
