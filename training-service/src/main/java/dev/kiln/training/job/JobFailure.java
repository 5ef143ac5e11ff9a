package dev.kiln.training.job;

/** A job cannot succeed as submitted (bad spec, bad data set, wrong device): failed at once, no retry. */
class JobFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorCode;

    JobFailure(String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    String errorCode() {
        return errorCode;
    }
}
