package dev.kiln.gateway.jobs;

import dev.kiln.contracts.events.Hyperparameters;
import dev.kiln.contracts.events.Resources;
import dev.kiln.contracts.spec.ModelSpec;

/**
 * A submitted job, parsed but not yet checked against its data set.
 *
 * @param name the display name
 * @param dataset the data set name
 * @param model the spec as submitted (layers or a template)
 * @param hyperparameters with defaults for absent fields
 * @param resources with {@code auto} when absent
 * @param registerAs the model to register a version of, or null
 */
public record JobDraft(
        String name,
        String dataset,
        ModelSpec model,
        Hyperparameters hyperparameters,
        Resources resources,
        String registerAs) {}
