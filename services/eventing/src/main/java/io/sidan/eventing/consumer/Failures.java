package io.sidan.eventing.consumer;

/** Errors in words for operators: what a consumer logs, and what it writes beside a dead letter. */
final class Failures {

    private Failures() {
    }

    static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** The outer message, and the root cause when it is another exception. */
    static String describe(Throwable e) {
        Throwable root = rootCause(e);
        String outer = e.getClass().getSimpleName() + ": " + e.getMessage();
        return root == e ? outer : outer + " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
