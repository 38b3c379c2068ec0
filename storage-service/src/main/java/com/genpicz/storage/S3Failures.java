package com.genpicz.storage;

import com.genpicz.common.failures.AbandonedEventException;
import com.genpicz.common.failures.EventFailure;
import com.genpicz.common.failures.FatalEventException;
import com.genpicz.common.failures.PoisonEventException;
import com.genpicz.common.failures.RetriableEventException;
import com.genpicz.common.failures.UnexpectedEventException;
import com.genpicz.common.generations.FailureCode;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Set;

/**
 * The S3 adapter's half of failure classification, by what the MinIO client reports: the server's S3 error code
 * when it sent one, else the kind of exception.
 */
final class S3Failures {

    /** The bucket or the credentials are wrong: nothing this instance can fix by trying again. */
    private static final Set<String> MISCONFIGURED = Set.of("NoSuchBucket", "AccessDenied", "InvalidAccessKeyId",
            "SignatureDoesNotMatch", "InvalidBucketName", "AllAccessDisabled", "AccountProblem");
    /** The server says so itself: slow down, come back later. */
    private static final Set<String> BUSY = Set.of("SlowDown", "InternalError", "ServiceUnavailable",
            "RequestTimeout", "RequestTimeTooSkewed", "OperationAborted");

    private S3Failures() {
    }

    static EventFailure classify(String what, Exception failure) {
        String message = what + ": " + failure;
        if (failure instanceof ErrorResponseException error) {
            String code = error.errorResponse().code();
            if (MISCONFIGURED.contains(code)) {
                return new FatalEventException(message, failure);
            }
            if (BUSY.contains(code)) {
                return new RetriableEventException(message, failure);
            }
            if ("EntityTooLarge".equals(code)) {
                return new PoisonEventException(FailureCode.IMAGE_TOO_LARGE, message, failure);
            }
            return new UnexpectedEventException(FailureCode.INTERNAL_ERROR, message, failure);
        }
        if (failure instanceof ServerException || failure instanceof InvalidResponseException
                || failure instanceof IOException) {
            // A 5xx without an S3 error body, a proxy's page instead of S3's answer, or no connection at all.
            return new RetriableEventException(message, failure);
        }
        if (failure instanceof GeneralSecurityException) {
            return new FatalEventException(what + ": the S3 client cannot sign requests", failure);
        }
        if (failure instanceof InterruptedException) {
            return new AbandonedEventException(message, failure);
        }
        return new UnexpectedEventException(FailureCode.INTERNAL_ERROR, message, failure);
    }
}
