package io.sidan.bench;

import java.sql.SQLException;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.sidan.testing.Postgres;

/**
 * A pooled data source (Agroal, as in the services) for the services' code the bench runs in its own
 * JVM, so it is measured with reused connections as in production, not with a new one per call.
 */
final class Pooled {

    private Pooled() {
    }

    static AgroalDataSource dataSource(Postgres postgres, String database, int maxConnections) throws SQLException {
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(maxConnections)
                        .connectionFactoryConfiguration(factory -> factory.jdbcUrl(postgres.jdbcUrl(database))
                                .principal(new NamePrincipal(Postgres.USER)).credential(new SimplePassword(Postgres.PASSWORD)))));
    }
}
