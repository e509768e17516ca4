package io.sidan.testing;

/**
 * One broker and one PostgreSQL server per test JVM, started on first use and stopped when the JVM
 * exits. Every test class (and every Quarkus test profile) shares them; each gets its own database.
 */
public final class SharedInfrastructure {

    private static KafkaBroker broker;
    private static Postgres postgres;

    static {
        QuietLogs.apply();
    }

    private SharedInfrastructure() {
    }

    public static synchronized KafkaBroker kafka() {
        if (broker == null) {
            broker = KafkaBroker.startTemporary();
            KafkaBroker started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "kafka-broker-stop"));
        }
        return broker;
    }

    public static synchronized Postgres postgres() {
        if (postgres == null) {
            postgres = Postgres.startTemporary();
            Postgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "postgres-stop"));
        }
        return postgres;
    }
}
