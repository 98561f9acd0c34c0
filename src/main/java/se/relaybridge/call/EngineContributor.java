package se.relaybridge.call;

/**
 * A part of the application that gives the call engine something it is built with (its store, its watcher), asked
 * once before SIP listens (docs/architecture.md, "One composition root"). The call records and the audit trail are
 * contributors.
 */
public interface EngineContributor {

    void contribute(EngineParts parts);
}
