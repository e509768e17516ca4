package io.sidan.dispatch.projection;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A volunteer team as last registered or updated. */
@Entity
@Table(name = "team_view")
public class TeamView extends PanacheEntityBase {

    @Id
    @Column(name = "team_id")
    public String teamId;
    public String name;
    public String categories;
    public String grids;
    public int capacity;
    /** JSON array of {volunteerId, name}. */
    public String members;
    public boolean active;
    @Column(name = "stream_version")
    public long streamVersion;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public List<String> categoryList() {
        return CaseView.split(categories);
    }

    public List<String> gridList() {
        return CaseView.split(grids);
    }
}
