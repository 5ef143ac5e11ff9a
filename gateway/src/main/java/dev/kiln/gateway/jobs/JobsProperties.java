package dev.kiln.gateway.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of job submission, under {@code kiln.gateway.jobs}.
 *
 * @param kafkaTimeout how long a job request may wait for Kafka before it is answered with 503
 * @param registryTimeout how long a job request may wait for the model registry before it is answered with 503
 */
@ConfigurationProperties("kiln.gateway.jobs")
record JobsProperties(@DefaultValue("10s") Duration kafkaTimeout, @DefaultValue("5s") Duration registryTimeout) {}
