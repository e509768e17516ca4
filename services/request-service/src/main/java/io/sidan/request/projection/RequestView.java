package io.sidan.request.projection;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One request as residents, dispatchers and admins see it; kept by {@link RequestViewProjection}. */
@Entity
@Table(name = "request_view")
public class RequestView extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "requester_id")
    public String requesterId;
    @Column(name = "requester_name")
    public String requesterName;
    public String channel;
    @Column(name = "filed_by")
    public String filedBy;
    public String category;
    public String item;
    public String title;
    public String description;
    public String grid;
    public String address;
    public Double lat;
    public Double lon;
    public String urgency;
    @Column(name = "contact_phone")
    public String contactPhone;
    @Column(name = "preferred_from")
    public Instant preferredFrom;
    @Column(name = "preferred_to")
    public Instant preferredTo;
    @Column(name = "sla_dispatch_minutes")
    public int slaDispatchMinutes;
    @Column(name = "sla_accept_minutes")
    public int slaAcceptMinutes;
    @Column(name = "sla_complete_minutes")
    public int slaCompleteMinutes;
    /** WORKING when the SLA counts working time; null around the clock. */
    @Column(name = "sla_clock")
    public String slaClock;
    public String status;
    public int round;
    @Column(name = "reopen_count")
    public int reopenCount;
    @Column(name = "team_id")
    public String teamId;
    @Column(name = "dispatch_mode")
    public String dispatchMode;
    @Column(name = "escalation_level")
    public int escalationLevel;
    public String rejection;
    @Column(name = "composite_score")
    public Double compositeScore;
    @Column(name = "submitted_at")
    public Instant submittedAt;
    @Column(name = "dispatched_at")
    public Instant dispatchedAt;
    @Column(name = "accepted_at")
    public Instant acceptedAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "completed_at")
    public Instant completedAt;
    @Column(name = "rated_at")
    public Instant ratedAt;
    @Column(name = "closed_at")
    public Instant closedAt;
    @Column(name = "cancelled_at")
    public Instant cancelledAt;
    @Column(name = "reopened_at")
    public Instant reopenedAt;
    @Column(name = "stream_version")
    public long streamVersion;
    @Column(name = "received_count")
    public int receivedCount;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** When it was closed, rejected or cancelled (null while open): the retention period counts from here. */
    @Column(name = "ended_at")
    public Instant endedAt;
    /**
     * The request's data key was deleted: its sealed fields (name, phone, address, description) read as
     * erased. Those columns hold the sealed text as the event carries it; {@code PersonalFields} opens them.
     */
    @Column(name = "personal_data_erased")
    public boolean personalDataErased;
}
