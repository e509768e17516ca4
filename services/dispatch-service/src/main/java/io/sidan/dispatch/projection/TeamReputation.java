package io.sidan.dispatch.projection;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A team's rolling reputation as the rating service last published it. */
@Entity
@Table(name = "team_reputation")
public class TeamReputation extends PanacheEntityBase {

    @Id
    @Column(name = "team_id")
    public String teamId;
    public double score;
    @Column(name = "sample_size")
    public int sampleSize;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
