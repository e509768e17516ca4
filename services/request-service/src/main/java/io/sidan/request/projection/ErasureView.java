package io.sidan.request.projection;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One erasure request as residents and admins see it; kept by {@link ErasureProjection}. */
@Entity
@Table(name = "erasure_view")
public class ErasureView extends PanacheEntityBase {

    @Id
    @Column(name = "erasure_id")
    public String erasureId;
    @Column(name = "resident_id")
    public String residentId;
    @Column(name = "request_id")
    public String requestId;
    public String reason;
    /** PENDING, APPROVED or REJECTED. */
    public String status;
    @Column(name = "requested_by")
    public String requestedBy;
    @Column(name = "requested_by_role")
    public String requestedByRole;
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decided_at")
    public Instant decidedAt;
    @Column(name = "decision_reason")
    public String decisionReason;
    /** The request ids an approval erased, comma-separated. */
    @Column(name = "erased_requests")
    public String erasedRequests;
    @Column(name = "stream_version")
    public long streamVersion;
}
