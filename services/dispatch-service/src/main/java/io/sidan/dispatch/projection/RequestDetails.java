package io.sidan.dispatch.projection;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * What the resident wrote (from {@code request.submitted}): contact, address and description, sealed as
 * the event carries them ({@code Contacts} opens them with the request's data key). Shown to dispatchers,
 * masked to admins, and to a team unmasked only once it accepted the case.
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
    /** The request's personal data was erased ({@code request.personal-data-erased}): the fields above are gone. */
    @Column(name = "personal_data_erased")
    public boolean personalDataErased;
}
