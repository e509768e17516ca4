package io.sidan.dispatch.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;

import io.sidan.kit.privacy.AccessLogResource;
import io.sidan.kit.privacy.PersonalDataReads;
import io.sidan.kit.security.Caller;

/** The dispatch service's access log of personal data (dispatchers' and teams' reads of contacts). */
// admins only, as the base class says; repeated here, where the OpenAPI document looks for it
@RolesAllowed(Caller.ADMIN)
@Path("/api/dispatch/access-log")
public class DispatchAccessLogResource extends AccessLogResource {

    public DispatchAccessLogResource(PersonalDataReads reads) {
        super(reads);
    }
}
