package dev.kiln.contracts.events;

import java.util.List;

/**
 * Where a job trains.
 *
 * @param device {@code auto} (a GPU where a worker has one), {@code cpu} or {@code gpu}
 */
public record Resources(String device) {
    public static final String AUTO = "auto";
    public static final String CPU = "cpu";
    public static final String GPU = "gpu";
    public static final List<String> DEVICES = List.of(AUTO, CPU, GPU);

    /** {@code {"device": "auto"}}. */
    public static Resources defaults() {
        return new Resources(AUTO);
    }

    /** The device, {@code auto} when absent. */
    public String deviceOrDefault() {
        return device == null ? AUTO : device;
    }

    /**
     * Checks the device.
     *
     * @return this, when valid
     * @throws IllegalArgumentException naming the field and the allowed values
     */
    public Resources validate() {
        if (!DEVICES.contains(deviceOrDefault())) {
            throw new IllegalArgumentException("resources.device must be one of auto, cpu, gpu, got '" + device + "'");
        }
        return this;
    }
}
