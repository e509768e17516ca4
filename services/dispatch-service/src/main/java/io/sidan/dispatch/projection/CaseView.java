package io.sidan.dispatch.projection;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A case as the queue, dispatchers and teams see it; kept by {@link CaseViewProjection}. */
@Entity
@Table(name = "case_view")
public class CaseView extends PanacheEntityBase {

    @Id
    @Column(name = "request_id")
    public String requestId;
    @Column(name = "requester_id")
    public String requesterId;
    public String category;
    public String grid;
    public String urgency;
    @Column(name = "urgency_rank")
    public int urgencyRank;
    public String title;
    @Column(name = "submitted_at")
    public Instant submittedAt;
    @Column(name = "sla_dispatch_minutes")
    public int slaDispatchMinutes;
    @Column(name = "sla_accept_minutes")
    public int slaAcceptMinutes;
    @Column(name = "sla_complete_minutes")
    public int slaCompleteMinutes;
    public String phase;
    public int attempt;
    @Column(name = "team_id")
    public String teamId;
    public String mode;
    @Column(name = "offered_to")
    public String offeredTo;
    @Column(name = "excluded_teams")
    public String excludedTeams;
    @Column(name = "involved_teams")
    public String involvedTeams;
    @Column(name = "accept_by")
    public Instant acceptBy;
    @Column(name = "escalation_level")
    public int escalationLevel;
    @Column(name = "reopen_count")
    public int reopenCount;
    @Column(name = "queued_at")
    public Instant queuedAt;
    @Column(name = "dispatch_due_at")
    public Instant dispatchDueAt;
    @Column(name = "complete_due_at")
    public Instant completeDueAt;
    @Column(name = "completion_overdue")
    public boolean completionOverdue;
    @Column(name = "dispatched_at")
    public Instant dispatchedAt;
    @Column(name = "accepted_at")
    public Instant acceptedAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "completed_at")
    public Instant completedAt;
    @Column(name = "stream_version")
    public long streamVersion;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public List<String> offeredTeams() {
        return split(offeredTo);
    }

    public List<String> excluded() {
        return split(excludedTeams);
    }

    /** Every team the case was ever offered or assigned to: they may still look at it. */
    public List<String> involved() {
        return split(involvedTeams);
    }

    static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }
}
