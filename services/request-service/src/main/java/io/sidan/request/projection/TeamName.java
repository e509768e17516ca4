package io.sidan.request.projection;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A volunteer team's display name, learned from the team registry's events. */
@Entity
@Table(name = "team_directory")
public class TeamName extends PanacheEntityBase {

    @Id
    @Column(name = "team_id")
    public String teamId;
    public String name;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
