package se.relaybridge.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import se.relaybridge.record.AuditEntry;
import se.relaybridge.record.AuditLog;
import se.relaybridge.record.RecordsService;

import java.util.List;

/** The audit log of configuration changes. */
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class AuditResource {

    @Inject
    RecordsService service;

    /** Who changed which configuration and how, newest first; {@code subject} is a prefix, e.g. {@code profile:}. */
    @GET
    public List<AuditEntry> recent(@QueryParam("subject") @DefaultValue("") String subject,
                                   @QueryParam("limit") String limit) {
        try {
            return ApiServices.records(service).auditLog().recent(subject,
                    QueryNumbers.intParam("limit", limit, 100, 1, AuditLog.MAX_LIMIT));
        } catch (IllegalArgumentException e) {
            throw RecordResource.badQuery(e.getMessage());
        }
    }
}
