package io.sidan.request.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;

import io.sidan.kit.privacy.AccessLogResource;
import io.sidan.kit.privacy.PersonalDataReads;
import io.sidan.kit.security.Caller;

/** The request service's access log of personal data (dispatchers' reads and admins' reveals of contacts). */
// admins only, as the base class says; repeated here, where the OpenAPI document looks for it
@RolesAllowed(Caller.ADMIN)
@Path("/api/audit/access-log")
public class RequestAccessLogResource extends AccessLogResource {

    public RequestAccessLogResource(PersonalDataReads reads) {
        super(reads);
    }
}
