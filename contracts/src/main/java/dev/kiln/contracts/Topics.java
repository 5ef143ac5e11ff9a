package dev.kiln.contracts;

/** Kafka topic names, defined once for every service. */
public final class Topics {
    public static final String TRAINING_JOBS_CPU = "training-jobs-cpu";

    private Topics() {}
}
