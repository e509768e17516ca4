package io.sidan.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server (the zonky embedded binaries) run as a child process, with one database
 * per service created on demand.
 */
public final class Postgres implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres server;

    private Postgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /** Starts a server on a free port with a fresh, temporary data folder. */
    public static Postgres startTemporary() {
        return start(null, 0);
    }

    /**
     * Starts a server. With a data folder the data survives restarts; port 0 picks a free port.
     */
    public static Postgres start(Path dataDir, int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "on")
                    // the library's default is off: a commit would return before it is durable. The services
                    // turn it off themselves, per transaction, only where losing the last moments is harmless
                    .setServerConfig("synchronous_commit", "on")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60));
            // extra server settings while profiling, e.g. SIDAN_POSTGRES_SETTINGS="shared_preload_libraries=pg_stat_statements"
            // (name=value pairs separated by ';')
            for (String setting : System.getenv().getOrDefault("SIDAN_POSTGRES_SETTINGS", "").split(";")) {
                int eq = setting.indexOf('=');
                if (eq > 0) {
                    builder.setServerConfig(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
                }
            }
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDir != null) {
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            return new Postgres(builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL", e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** Creates the database when it does not exist yet. */
    public void createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("bad database name " + name);
        }
        try (Connection c = server.getPostgresDatabase().getConnection();
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("create database " + name);
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // created meanwhile by another caller
                throw new IllegalStateException("cannot create database " + name, e);
            }
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    public DataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl(database));
        ds.setUser(USER);
        ds.setPassword(PASSWORD);
        return ds;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot stop the embedded PostgreSQL", e);
        }
    }
}
