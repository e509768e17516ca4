package io.sidan.request.projection;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A grid (网格) of the registry as last defined. */
@Entity
@Table(name = "grid_view")
public class GridView extends PanacheEntityBase {

    @Id
    public String code;
    public String name;
    public String district;
    @Column(name = "leader_name")
    public String leaderName;
    @Column(name = "leader_phone")
    public String leaderPhone;
    public boolean active;
    @Column(name = "stream_version")
    public long streamVersion;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
