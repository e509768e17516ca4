package io.sidan.eventing.replay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sidan.eventing.tx.Transactions;

/**
 * Keeps each projection's tables at its own {@link Projection#version()}: on start, every projection whose
 * recorded version differs (new, changed in this release, or never recorded: an installation from before
 * versions were kept) is rebuilt from the store and its version recorded with the rebuild.
 */
public final class ProjectionVersions {

    private ProjectionVersions() {
    }

    /** The projections whose tables were not filled by their current version. */
    public static List<Projection> stale(Connection c, List<Projection> projections) throws SQLException {
        Map<String, Integer> recorded = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select name, version from projection_version");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                recorded.put(rs.getString(1), rs.getInt(2));
            }
        }
        List<Projection> stale = new ArrayList<>();
        for (Projection p : projections) {
            Integer version = recorded.get(p.name());
            if (version == null || version != p.version()) {
                stale.add(p);
            }
        }
        return stale;
    }

    /** Rebuilds every stale projection, one transaction each; returns what was rebuilt. */
    public static List<ProjectionRebuilder.RebuildResult> bringUpToDate(Transactions transactions, ProjectionRebuilder rebuilder,
                                                                       List<Projection> projections) {
        List<ProjectionRebuilder.RebuildResult> rebuilt = new ArrayList<>();
        for (Projection p : transactions.inTransaction(c -> stale(c, projections))) {
            rebuilt.add(rebuilder.rebuild(p));
        }
        return rebuilt;
    }

    static void record(Connection c, Projection projection) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into projection_version (name, version) values (?, ?) "
                + "on conflict (name) do update set version = excluded.version, rebuilt_at = now()")) {
            s.setString(1, projection.name());
            s.setInt(2, projection.version());
            s.executeUpdate();
        }
    }
}
