package dev.kiln.inference.models;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.inference.error.InferenceException;

/**
 * How a client names a model: {@code name} (its {@code production} alias if set, else its latest READY version),
 * {@code name@alias}, or {@code name} with a version.
 *
 * @param name the registered model name
 * @param alias the alias, or null
 * @param version the version, or null
 */
public record ModelRef(String name, String alias, Integer version) {
    /** The alias a bare name means when it is set. */
    public static final String DEFAULT_ALIAS = "production";

    /**
     * Parses {@code name} or {@code name@alias}, with an optional version (null or blank for none).
     *
     * @throws InferenceException NOT_FOUND for a name that cannot be a registered model, INVALID_ARGUMENT for a
     *     version that is not a positive integer or for an alias and a version together
     */
    public static ModelRef parse(String model, String version) {
        if (model == null || model.isBlank()) {
            throw InferenceException.invalid("a model name is required");
        }
        String name = model;
        String alias = null;
        int at = model.indexOf('@');
        if (at >= 0) {
            name = model.substring(0, at);
            alias = model.substring(at + 1);
        }
        requireName("model name", name);
        if (alias != null) {
            requireName("alias", alias);
        }
        Integer number = null;
        if (version != null && !version.isBlank()) {
            if (alias != null) {
                throw InferenceException.invalid(
                        "give either an alias (" + model + ") or a version (" + version + "), not both");
            }
            number = parseVersion(version);
        }
        return new ModelRef(name, alias, number);
    }

    private static void requireName(String field, String value) {
        try {
            StorageLayout.requireValidName(field, value);
        } catch (IllegalArgumentException e) {
            throw InferenceException.notFound("no such model: " + e.getMessage());
        }
    }

    private static int parseVersion(String version) {
        try {
            int number = Integer.parseInt(version.trim());
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw InferenceException.invalid(
                "model version '" + version + "' is not a version number; versions are integers from 1");
    }

    /** E.g. {@code fashion}, {@code fashion@champion}, {@code fashion/3}. */
    @Override
    public String toString() {
        return version != null ? name + "/" + version : alias != null ? name + "@" + alias : name;
    }
}
