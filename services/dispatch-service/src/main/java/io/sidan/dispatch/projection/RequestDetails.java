package io.sidan.dispatch.projection;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * What the resident wrote (from {@code request.submitted}): contact, address and description. Shown
 * to dispatchers and admins, and to a team only once it accepted the case.
 */
@Entity
@Table(name = "request_details")
public class RequestDetails extends PanacheEntityBase {

    @Id
    @Column(name = "request_id")
    public String requestId;
    @Column(name = "requester_name")
    public String requesterName;
    @Column(name = "contact_phone")
    public String contactPhone;
    public String address;
    public Double lat;
    public Double lon;
    public String description;
    public String item;
    public String channel;
    @Column(name = "preferred_from")
    public Instant preferredFrom;
    @Column(name = "preferred_to")
    public Instant preferredTo;
}
