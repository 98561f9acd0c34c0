package se.relaybridge.admin;

import se.relaybridge.call.B2bua;
import se.relaybridge.record.CallRecords;

import java.util.List;
import java.util.Optional;

/**
 * Whether the parts relaybridge cannot work without are still alive: the SIP stack's receiving and dispatching
 * threads, and the thread that writes the call records. A part that never started (bad configuration, database
 * not reachable at start) is readiness's concern, not liveness's: a restart would not mend it.
 */
public record RelaybridgeLiveness(List<String> deadSipThreads, boolean recordsWriterAlive) {

    public static RelaybridgeLiveness of(Optional<B2bua> b2bua, Optional<CallRecords> records) {
        return new RelaybridgeLiveness(b2bua.map(B2bua::deadSipThreads).orElse(List.of()),
                records.map(CallRecords::writerAlive).orElse(true));
    }

    public boolean alive() {
        return deadSipThreads.isEmpty() && recordsWriterAlive;
    }
}
