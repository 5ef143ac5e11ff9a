package dev.kiln.training.engine;

/** A job asks for a device this worker does not have. */
public class DeviceUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeviceUnavailableException(String message) {
        super(message);
    }
}
