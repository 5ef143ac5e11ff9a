package dev.kiln.registry.datasets;

import dev.kiln.registry.api.ApiException;
import dev.kiln.registry.api.ErrorCode;

/** An uploaded data set that is not what it claims to be; the message says what is wrong. */
class InvalidDatasetException extends ApiException {
    InvalidDatasetException(String field, String message) {
        super(ErrorCode.INVALID_ARGUMENT, field, message);
    }
}
