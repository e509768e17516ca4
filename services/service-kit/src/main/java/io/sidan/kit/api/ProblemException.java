package io.sidan.kit.api;

import java.util.List;

/**
 * A failure the caller can act on, answered as a problem response with its status. Throw it from
 * resources and application services; the mapper turns it into {@code application/problem+json}.
 */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String detail) {
        return of(400, "invalid-request", "Invalid request", detail);
    }

    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(new Problem(Problem.TYPE_BASE + "validation", "Invalid request", 400,
                field + ": " + message, null, null, List.of(new Problem.FieldError(field, message))));
    }

    public static ProblemException forbidden(String detail) {
        return of(403, "forbidden", "Forbidden", detail);
    }

    public static ProblemException notFound(String detail) {
        return of(404, "not-found", "Not found", detail);
    }

    /** An action that the resource's current state does not allow; names that state. */
    public static ProblemException conflict(String detail, String currentStatus) {
        return new ProblemException(new Problem(Problem.TYPE_BASE + "conflict", "Conflict", 409, detail, null,
                currentStatus, null));
    }

    public static ProblemException conflict(String detail) {
        return conflict(detail, null);
    }

    public static ProblemException preconditionFailed(String detail) {
        return of(412, "precondition-failed", "Precondition failed", detail);
    }

    public static ProblemException unprocessable(String detail) {
        return of(422, "unprocessable", "Unprocessable request", detail);
    }

    public static ProblemException of(int status, String type, String title, String detail) {
        return new ProblemException(new Problem(Problem.TYPE_BASE + type, title, status, detail, null, null, null));
    }
}
