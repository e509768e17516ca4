package io.sidan.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/**
 * The lines one logger writes while a test listens, each with the MDC of the thread that wrote it (as
 * an asynchronous handler keeps them): for tests of what a log line carries.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    /** Starts listening to the logger named after {@code type}. */
    public static LogCapture of(Class<?> type) {
        LogCapture capture = new LogCapture(Logger.getLogger(type.getName()));
        capture.logger.addHandler(capture);
        return capture;
    }

    /** The first line so far whose message contains {@code text}. */
    public ExtLogRecord first(String text) {
        return records.stream().filter(r -> r.getFormattedMessage().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no line containing \"" + text + "\" from " + logger.getName()));
    }

    @Override
    public void publish(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            ext.copyMdc();
            records.add(ext);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
